import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { KensakuError, errorMessage } from '../../errors/kensaku-error.ts';

/** What a page's front matter gives the document. */
export interface FrontMatter {
  title?: string;
  description?: string;
  tags?: string[];
  lang?: string;
  /** Every other key, JSON-safe (TOML dates become ISO strings). */
  meta?: Record<string, unknown>;
  /** The page asks not to be searched (see notForSearch). */
  skip: boolean;
}

const MAPPED = new Set(['title', 'description', 'tags', 'lang']);

/** Reads YAML (`---`) or TOML (`+++`) front matter; malformed front matter is the file's error, named. */
export function readFrontMatter(kind: 'yaml' | 'toml', source: string, fileName: string): FrontMatter {
  let data: unknown;
  try {
    data = kind === 'yaml' ? parseYaml(source) : parseToml(source);
  } catch (e) {
    throw new KensakuError(
      'invalid_document',
      `${fileName}: front matter is not valid ${kind.toUpperCase()}: ${errorMessage(e).split('\n')[0]}`,
    );
  }
  if (data === null || data === undefined) return { skip: false };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new KensakuError('invalid_document', `${fileName}: front matter must be a mapping of keys to values`);
  }
  const fields = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value).trim() || undefined : undefined;
  const tags = readTags(fields.tags);
  const meta = Object.fromEntries(Object.entries(fields).filter(([key]) => !MAPPED.has(key)));
  return {
    ...(text(fields.title) ? { title: text(fields.title) } : {}),
    ...(text(fields.description) ? { description: text(fields.description) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(text(fields.lang) ? { lang: text(fields.lang) } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    skip: notForSearch(fields),
  };
}

/** `tags: a`, `tags: [a, b]`, or Docusaurus's `tags: [{label: a, permalink: …}]`. */
function readTags(tags: unknown): string[] {
  const list = Array.isArray(tags) ? tags : tags === undefined || tags === null ? [] : [tags];
  return list
    .map((tag) => (typeof tag === 'object' && tag !== null ? (tag as { label?: unknown }).label : tag))
    .filter((tag): tag is string | number => typeof tag === 'string' || typeof tag === 'number')
    .map((tag) => String(tag).trim())
    .filter((tag) => tag !== '');
}

const isTrue = (value: unknown) => value === true || value === 'true';
const isFalse = (value: unknown) => value === false || value === 'false';

/**
 * The rule for a page that is not for search (its file is parsed into no document), from the generators' own keys:
 * `search: false` (VitePress's local search), `draft: true` (Hugo, Docusaurus, Astro, Eleventy: not published),
 * `published: false` (Jekyll), `unlisted: true` (Docusaurus: kept out of search and the sitemap), `noindex: true`
 * or `robots` holding `noindex` (as a page's `<meta name="robots">`).
 */
export function notForSearch(fields: Record<string, unknown>): boolean {
  const robots = typeof fields.robots === 'string' ? fields.robots.toLowerCase() : '';
  return (
    isFalse(fields.search) ||
    isTrue(fields.draft) ||
    isFalse(fields.published) ||
    isTrue(fields.unlisted) ||
    isTrue(fields.noindex) ||
    /\b(?:noindex|none)\b/.test(robots)
  );
}
