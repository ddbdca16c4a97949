/** The flags `kensaku crawl` takes, apart from the command so main.ts reads them without loading it. */
export const CRAWL_OPTIONS = {
  sitemap: { type: 'boolean' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  limit: { type: 'string' },
  concurrency: { type: 'string' },
  delay: { type: 'string' },
  tag: { type: 'string', multiple: true },
  id: { type: 'string' },
  'content-selector': { type: 'string' },
  'ignore-selector': { type: 'string', multiple: true },
  'user-agent': { type: 'string' },
  recrawl: { type: 'string' },
  json: { type: 'boolean' },
} as const;
