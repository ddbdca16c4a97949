import { z } from '@hono/zod-openapi';
import type { HitExplain, SearchHit, SearchParams, SearchResponse } from '../search/types.ts';
import { FILTERABLE } from '../store/settings.ts';

/** Most facets one search may count: each is Meilisearch work over every match. */
export const MAX_FACETS = 5;
/** Deepest result one search may reach (offset + limit): each leg retrieves that far before fusion. */
export const MAX_DEPTH = 1000;

const facetsSchema = z
  .preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z
      .array(
        z.string().refine((f) => (FILTERABLE as readonly string[]).includes(f), {
          message: `a facet is one of ${FILTERABLE.join(', ')}`,
        }),
      )
      .max(MAX_FACETS, { message: `at most ${MAX_FACETS} facets` }),
  )
  .optional()
  .openapi({
    description:
      `Filterable attributes to count the values of (comma-separated in a query string), at most ${MAX_FACETS}: ${FILTERABLE.join(', ')}. ` +
      "Counts are chunks: every match of the keyword query (Meilisearch's count), plus the ranked hits it did not return. In hybrid and semantic mode those include the semantic leg's window, a vector leg matching every chunk; facetsEstimated is then true",
    example: 'tags,source',
  });

/** Search parameters, the same for GET (query string) and POST (JSON body). */
export const searchParamsSchema = z
  .object({
    q: z.string().max(1000).openapi({
      example: '会談はどこで行われたか',
      description: 'The query; empty browses every chunk (keyword leg only, no embedding)',
    }),
    mode: z.enum(['hybrid', 'keyword', 'semantic']).default('hybrid'),
    limit: z.coerce.number().int().min(0).max(100).default(10).openapi({
      description: '0: no hits, only the counts (estimatedTotalHits, facetDistribution), from the keyword leg',
    }),
    offset: z.coerce.number().int().min(0).max(MAX_DEPTH).default(0),
    filter: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: 'Meilisearch filter on documentId, tags, source', example: 'tags = "diplomacy"' }),
    semanticRatio: z.coerce
      .number()
      .min(0)
      .max(1)
      .optional()
      .openapi({ description: 'Semantic weight of the fusion (0 = keyword only)' }),
    groupBy: z.enum(['document']).optional(),
    highlightPreTag: z.string().max(100).default('<mark>'),
    highlightPostTag: z.string().max(100).default('</mark>'),
    locale: z
      .string()
      .regex(/^[a-z]{3}$/)
      .optional()
      .openapi({ description: 'ISO 639-3 locale for this query, e.g. jpn, eng' }),
    fusion: z.enum(['adaptive', 'convex', 'rrf']).optional(),
    facets: facetsSchema,
    floor: z.coerce.number().min(0).max(1).optional().openapi({
      description:
        'Hybrid: the relevance floor. When a keyword hit holds every term of the query, hits holding none of its terms are dropped below this share of the top score; 0 turns it off. Unset: SEARCH_FLOOR',
      example: 0,
    }),
  })
  .refine((p) => p.offset + p.limit <= MAX_DEPTH, { message: `offset + limit: at most ${MAX_DEPTH}`, path: ['offset'] })
  .openapi('SearchParams');

const explainSchema = z.object({
  keyword: z
    .object({
      rank: z.number().int(),
      score: z.number(),
      coverage: z.number().optional(),
      weight: z.number().optional(),
    })
    .nullable()
    .openapi({
      description:
        "coverage: the share of the query's terms the chunk holds (adaptive fusion); weight: what its score counted for",
    }),
  semantic: z.object({ rank: z.number().int(), similarity: z.number(), weight: z.number().optional() }).nullable(),
  lexical: z.object({ share: z.number(), bonus: z.number() }).nullable().openapi({
    description: "Hybrid reranking: the chunk's lexical match (0..1) and the bonus it added (null if not reranked)",
  }),
});

const answerSchema = z
  .object({ text: z.string(), start: z.number().int(), end: z.number().int(), score: z.number() })
  .openapi({
    description: 'Hybrid: the sentence of the hit that best answers the query; start/end index the hit text',
  });

export const hitSchema = z
  .object({
    documentId: z.string(),
    chunkId: z.string(),
    title: z.string(),
    headingPath: z.array(z.string()),
    text: z.string(),
    snippet: z.string().openapi({
      description: 'HTML-escaped text; only the highlight tags, and <strong> around the answer, are markup',
    }),
    answer: answerSchema.optional(),
    score: z.number(),
    url: z.string().optional().openapi({
      description:
        "The page's url at the hit's section (#anchor, percent-encoded) when the chunk has one; absent for a document without a url",
    }),
    anchor: z.string().optional().openapi({
      description:
        "Id of the section's heading in the page (Markdown {#id} or slug, HTML id), not encoded; set whenever the format knew it",
    }),
    tags: z.array(z.string()).optional(),
    explain: explainSchema,
  })
  .openapi('SearchHit');

export const searchResponseSchema = z
  .object({
    query: z.string(),
    cached: z
      .boolean()
      .describe('served whole from the response cache: the same search on the same data (SEARCH_CACHE_MB)'),
    mode: z.enum(['hybrid', 'keyword', 'semantic']),
    hits: z.array(hitSchema),
    estimatedTotalHits: z.number().int(),
    facetDistribution: z.record(z.string(), z.record(z.string(), z.number().int())).optional().openapi({
      description:
        'With facets: per attribute, each value and its count of chunks (see the facets parameter for what they cover)',
    }),
    facetsEstimated: z.boolean().optional().openapi({
      description:
        "True when hits beyond the keyword query's matches were counted (hybrid, semantic, reading or synonym searches): a chunk may count twice",
    }),
    degraded: z.array(z.union([z.literal('semantic'), z.templateLiteral(['shard:', z.string()])])).openapi({
      description:
        'Parts that did not answer: the semantic leg, or a shard whose hits are missing (shard:<name>); warnings say why',
    }),
    warnings: z.record(z.string(), z.string()),
    keyword: z
      .object({
        q: z.string(),
        also: z.array(z.string()),
        readings: z.array(z.object({ q: z.string(), on: z.array(z.string()) })),
      })
      .nullable()
      .openapi({
        description:
          'What the keyword leg searched: the query with spelling variants folded; its other forms (synonyms, Japanese forms of Latin words); the readings a kana or romaji query also searched. Null without a keyword leg',
      }),
    fusion: z
      .object({
        name: z.string(),
        semanticWeight: z.number(),
        keywordWeight: z.number(),
        cosineFloor: z.number().optional(),
        rerank: z.object({ name: z.string(), depth: z.number().int(), weight: z.number() }).nullable(),
        floor: z
          .object({
            ratio: z.number(),
            evidence: z.boolean(),
            minScore: z.number().nullable(),
            dropped: z.number().int(),
          })
          .optional()
          .openapi({
            description:
              'The relevance floor: evidence says a keyword hit held every query term; then hits holding none of them that scored under minScore (ratio × the top score) were dropped (dropped chunks), and estimatedTotalHits and facets leave them out',
          }),
        skipped: z
          .object({ leg: z.literal('semantic'), reason: z.literal('identifier') })
          .optional()
          .openapi({
            description:
              'The keyword leg decided alone and the query was not embedded: identifier, a query of identifiers whose every term the top keyword hit holds',
          }),
        translated: z.array(z.object({ from: z.string(), to: z.array(z.string()) })),
        synonyms: z.array(z.object({ from: z.string(), to: z.array(z.string()) })),
      })
      .nullable()
      .openapi({
        description:
          'How this query was fused: null unless both legs ran in hybrid mode, or hybrid answered from the keyword leg alone (skipped)',
      }),
    processingTimeMs: z
      .object({
        total: z.number(),
        embedding: z.number(),
        meilisearch: z.number(),
        keyword: z.number().nullable(),
        semantic: z.number().nullable(),
      })
      .describe(
        'ms: total; embedding the query; waiting for Meilisearch after it (the keyword leg runs during the embedding); keyword and semantic as Meilisearch reports them',
      ),
  })
  .openapi('SearchResponse');

/** True when A and B are the same type: each assignable to the other is not enough, optional and readonly count too. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;

/**
 * The schemas validate into the engine's plain types (search/types.ts): `npx tsc --noEmit` fails here when a field,
 * its type or its optionality differs between the two.
 */
export type SchemasMatchSearchTypes = [
  Holds<Same<z.infer<typeof searchParamsSchema>, SearchParams>>,
  Holds<Same<z.infer<typeof explainSchema>, HitExplain>>,
  Holds<Same<z.infer<typeof hitSchema>, SearchHit>>,
  Holds<Same<z.infer<typeof searchResponseSchema>, SearchResponse>>,
];
