import { z } from '@hono/zod-openapi';
import { documentFields, documentSchema } from '../../indexer/formats/document-schema.ts';
import { extractionSchema } from '../sources-schemas.ts';

/**
 * The rules are the indexer's, the same for a record of a .json/.jsonl file; here they get their OpenAPI name. A new
 * object over the same fields: zod gives a schema `.openapi()` only if it was made after @hono/zod-openapi loaded.
 */
export const inlineDocumentSchema = z.object(documentSchema.shape).openapi('Document');

/** Buffer.from skips characters outside the alphabet, so without this a garbled file indexes garbage. */
function isBase64(s: string): boolean {
  const data = s.replace(/\s+/g, '');
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(data) && data.replace(/=+$/, '').length % 4 !== 1;
}

/**
 * A file to parse; title, url and tags (when given) override what the file says, and follow the document's rules;
 * `extraction` is read as a source's is (HTML selectors, the Markdown slug rule).
 */
export const fileDocumentSchema = z
  .object({
    id: documentFields.id,
    filename: z.string().min(1).max(1000).openapi({ example: 'report.pdf' }),
    contentBase64: z
      .string()
      .min(1)
      .refine(isBase64, 'not base64 (standard or URL-safe alphabet, line breaks allowed)'),
    title: documentFields.title.optional(),
    url: documentFields.url.optional(),
    tags: documentFields.tags.optional(),
    extraction: extractionSchema.optional(),
  })
  .openapi('FileDocument');

export const documentsBodySchema = z
  .union([inlineDocumentSchema, fileDocumentSchema, z.object({ documents: z.array(z.unknown()).min(1).max(100_000) })])
  .openapi('DocumentsBody');

export const documentPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const taskSchema = z
  .object({
    id: z.string(),
    type: z.enum(['index', 'delete', 'vectors', 'reshard', 'crawl', 'delete-source', 'backup', 'rebuild']),
    status: z.enum(['enqueued', 'processing', 'succeeded', 'failed']),
    enqueuedAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    counts: z.record(z.string(), z.number()),
    errors: z.array(z.object({ documentId: z.string(), message: z.string() })),
    progress: z.object({ documentsDone: z.number(), documentsTotal: z.number() }),
    documentId: z.string().optional(),
    sourceId: z.string().optional(),
    file: z.string().optional().openapi({ description: "A backup's archive, on the host of the process that runs it" }),
    embeddings: z.boolean().optional().openapi({ description: 'A rebuild that re-embeds every chunk too' }),
  })
  .openapi('Task');

export const documentInfoSchema = z
  .object({
    documentId: z.string(),
    title: z.string(),
    chunkCount: z.number(),
    url: z.string().optional(),
    source: z.string().optional(),
    tags: z.array(z.string()).optional(),
    description: z
      .string()
      .optional()
      .openapi({ description: "The page's front matter description or meta description" }),
    lang: z.string().optional().openapi({ description: "The page's language (front matter lang, <html lang>)" }),
    meta: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'The front matter keys with no field of their own, as given' }),
    indexedAt: z.string(),
    vectorsComplete: z.boolean(),
  })
  .openapi('DocumentInfo');

export const documentPageSchema = z
  .object({
    documents: z.array(documentInfoSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('DocumentPage');
