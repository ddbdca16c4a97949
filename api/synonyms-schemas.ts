import { z } from '@hono/zod-openapi';
import { MAX_SYNONYM_TERMS } from '../text/synonyms.ts';

const term = z.string().min(1).max(200);

/** What PUT /synonyms and `kensaku synonyms load` take; GET /synonyms answers synonymsViewSchema. */
export const synonymsBodySchema = z
  .object({
    sets: z
      .array(z.array(term).min(2).max(50))
      .max(MAX_SYNONYM_TERMS)
      .optional()
      .openapi({ description: 'Sets of equivalent terms', example: [['仲井真', '仲井眞']] }),
    oneWay: z
      .record(term, z.array(term).min(1).max(50))
      .optional()
      .openapi({
        description: 'term → the terms a query for it also finds',
        example: { TPP: ['環太平洋パートナーシップ協定'] },
      }),
  })
  .strict()
  .openapi('SynonymsInput');
export const synonymsViewSchema = z
  .object({
    oneWay: z
      .record(z.string(), z.array(z.string()))
      .openapi({ description: 'Every term (folded: NFKC, lower case) and what a query for it also finds' }),
  })
  .openapi('Synonyms');
