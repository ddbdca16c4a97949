import type { Settings } from 'meilisearch';
import type { Locale } from 'meilisearch';

export interface IndexSettingsOptions {
  locale: string;
  stopWords: string[];
  /** null when no embedder is configured (keyword-only). */
  embedder: { name: string; dimensions: number } | null;
}

/**
 * What a keyword query searches: the folded copies of title, headings and text (displayed fields stay as written),
 * with the whole forms of their identifiers (indexer/keyword-form.ts). Order is Meilisearch's attribute rank.
 */
export const SEARCHABLE = ['foldedTitle', 'foldedHeadings', 'text'] as const;
/** What a kana or romaji query searches too: each chunk's readings (text/reading). */
export const READING_FIELDS = ['reading', 'romaji'] as const;
// Not `id`: nothing filters on it, and a facet per chunk id was Meilisearch indexing work for nothing.
export const FILTERABLE = ['documentId', 'tags', 'source', 'hasVector', 'ordinal'] as const;
// Filtered on by kensaku only: the lexicon leaves a word found in code untranslated (store/term-counts.ts).
const INTERNAL_FILTERABLE = ['code'] as const;

/** The chunk index's settings. Applied before documents are added: stop-word changes afterwards alter ranking. */
export function chunkIndexSettings(options: IndexSettingsOptions): Settings {
  return {
    searchableAttributes: [...SEARCHABLE, ...READING_FIELDS],
    // Without this Meilisearch guesses kanji-heavy text is Chinese and segments it wrongly. Katakana readings are
    // Japanese too; romaji is left to Latin segmentation.
    localizedAttributes: [{ attributePatterns: [...SEARCHABLE, 'reading'], locales: [options.locale as Locale] }],
    filterableAttributes: [...FILTERABLE, ...INTERNAL_FILTERABLE],
    sortableAttributes: ['ordinal'],
    stopWords: options.stopWords,
    // Past the cutoff Meilisearch returns unranked hits without saying so; a slow answer beats a silently wrong one.
    searchCutoffMs: 10_000,
    embedders: options.embedder
      ? { [options.embedder.name]: { source: 'userProvided', dimensions: options.embedder.dimensions } }
      : {},
  };
}

/**
 * The document-record index is read by id and listed whole, never searched or filtered. Searchable, Meilisearch
 * tokenised every record (Japanese titles read as Chinese: its first write loaded that dictionary, 1–2 CPU-s); its
 * CPU for the JSQuAD corpus fell from 6.0–8.1 to 4.1–5.0 s in writes of 256. The documentId facet went too (nothing
 * filters records); that saving is small end to end (66.7 against 65.9 chunks/s, two runs each).
 */
export const DOCUMENT_INDEX_SETTINGS: Settings = { searchableAttributes: [], filterableAttributes: [] };

/** Only the keys whose current value differs, so an unchanged start enqueues no settings task. */
export function settingsDiff(current: Settings, desired: Settings): Settings {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    const now = (current as Record<string, unknown>)[key];
    if (key === 'embedders') {
      const missing = Object.keys(value as object).some((name) => !(now as Record<string, unknown>)?.[name]);
      if (missing) diff[key] = value;
    } else if (!sameValue(now, value)) {
      diff[key] = value;
    }
  }
  return diff as Settings;
}

/** Meilisearch returns string lists sorted and in NFD (が comes back as か + ゙), so compare NFC-normalised sets. */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    JSON.stringify(
      Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.map((x) => x.normalize('NFC')).sort() : v,
    );
  return norm(a ?? null) === norm(b ?? null);
}
