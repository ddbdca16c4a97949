import { z } from '@hono/zod-openapi';
import { SLUGGER_KINDS, type SluggerKind } from '../indexer/formats/slug.ts';

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'an http(s) URL' });
const pattern = z.string().min(1).max(500);
const count = {
  seen: z.number(),
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  deleted: z.number(),
  failed: z.number(),
  skipped: z.number(),
};

/**
 * The site owner's say over what of a page is read: a source's pages (POST /sources) and a posted file (POST
 * /documents). The selectors apply to HTML, the slug rule to Markdown headings without `{#id}`.
 */
export const extractionSchema = z
  .object({
    contentSelector: z.string().min(1).max(500).optional(),
    ignoreSelectors: z.array(z.string().min(1).max(500)).max(100).optional(),
    slugger: z
      .enum(SLUGGER_KINDS as [SluggerKind, ...SluggerKind[]])
      .optional()
      .openapi({
        description:
          "Whose heading ids a Markdown heading without {#id} is anchored with: VitePress's (default) or GitHub's (also Docusaurus, Starlight)",
      }),
  })
  .strict()
  .openapi('Extraction', {
    description: "The owner's overrides of the extraction",
    example: { contentSelector: '.vp-doc', ignoreSelectors: ['.edit-link'] },
  });

/** What POST /sources and `kensaku crawl` take: crawler/types.ts's CrawlSpec, the id optional. */
export const sourceBodySchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, at most 64')
      .optional()
      .openapi({ description: "Default: from the URL's host and first path segment", example: 'vite-docs' }),
    url: httpUrl.openapi({
      description: 'Start page, or the sitemap (or sitemap index) when `sitemap` is true',
      example: 'https://ja.vite.dev/',
    }),
    sitemap: z.boolean().optional(),
    include: z
      .array(pattern)
      .max(100)
      .optional()
      .openapi({
        description:
          "Globs over the URL path and query (a pattern with :// over the whole URL); default: the start page's folder",
        example: ['/guide/**'],
      }),
    exclude: z
      .array(pattern)
      .max(100)
      .optional()
      .openapi({ example: ['/blog/**'] }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .openapi({ description: 'Most pages requested per crawl (default 5000)' }),
    concurrency: z.number().int().min(1).max(32).optional().openapi({ description: 'Requests in flight (default 4)' }),
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .optional()
      .openapi({ description: "Least ms between two requests to the host (robots.txt's Crawl-delay raises it)" }),
    tags: z
      .array(z.string().min(1).max(200))
      .max(100)
      .optional()
      .openapi({ description: 'Given to every page', example: ['site:docs'] }),
    extraction: extractionSchema.optional(),
    recrawlSeconds: z
      .number()
      .int()
      .min(1)
      .max(31_536_000)
      .optional()
      .openapi({ description: 'Re-crawl this often (the server enqueues it)' }),
    userAgent: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .openapi({ description: 'Default kensaku-crawler/<version>; robots.txt groups match its product token' }),
    keepQuery: z
      .union([z.boolean(), z.array(z.string().min(1).max(100)).max(50)])
      .optional()
      .openapi({ description: 'Query strings are dropped unless kept: all (true) or these parameters' }),
  })
  .strict()
  .openapi('SourceInput');

export const lastCrawlSchema = z
  .object({
    taskId: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    counts: z.object(count),
    failures: z.array(z.object({ url: z.string(), reason: z.string() })),
    truncated: z.boolean().openapi({ description: 'Stopped by the page limit: pages not reached were kept' }),
    error: z.string().optional().openapi({
      description:
        'Why the crawl failed as a whole (its start out of its patterns, refused by robots.txt or failed; the sitemap unreadable; no page fetched): it deleted nothing',
    }),
  })
  .openapi('LastCrawl');

export const sourceViewSchema = z
  .object({
    sourceId: z.string(),
    spec: sourceBodySchema.extend({ id: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastCrawl: lastCrawlSchema.nullable(),
    crawlTaskId: z.string().nullable().openapi({ description: 'The crawl enqueued or running' }),
    deleting: z.boolean(),
  })
  .openapi('Source');
