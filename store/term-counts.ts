import type { Locale, Meilisearch, MultiSearchQuery } from 'meilisearch';
import { meili } from './meili-errors.ts';
import { withoutMissingFields } from './search-legs.ts';
import { SEARCHABLE } from './settings.ts';

/** How many chunks hold a term as a whole word or phrase, and how many of those are code (Chunk.code). */
export interface TermCount {
  all: number;
  code: number;
}

// Counts change only when the index does: writes through this store clear them, and the age bound covers the writes
// of other processes. The size bound keeps a long-running server's memory flat.
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 4096;

/**
 * Counts for the lexicon (text/lexicon/corpus-rule.ts): one multi-search per call, two queries a term, each a phrase
 * (whole words, no prefix or typo match: `show` is not `showcase`) with limit 0 over the keyword fields, so Meilisearch
 * only counts. Cached per locale and term.
 */
export function createTermCounter(client: Meilisearch, indexName: string) {
  const cache = new Map<string, { count: TermCount; at: number }>();
  return {
    async count(terms: readonly string[], locale: string): Promise<TermCount[]> {
      const now = Date.now();
      const key = (t: string) => `${locale}\u0000${t}`;
      const fresh = (t: string) => {
        const hit = cache.get(key(t));
        return hit && now - hit.at < MAX_AGE_MS ? hit.count : undefined;
      };
      const missing = [...new Set(terms.filter((t) => fresh(t) === undefined))];
      if (missing.length) {
        const phrase = (t: string): MultiSearchQuery => ({
          indexUid: indexName,
          q: `"${t.replaceAll('"', ' ')}"`,
          limit: 0,
          locales: [locale as Locale],
          attributesToSearchOn: [...SEARCHABLE],
        });
        const queries = missing.flatMap((t) => [phrase(t), { ...phrase(t), filter: 'code = true' }]);
        const { results } = await withoutMissingFields(queries, (qs) =>
          meili('counting terms', () => client.multiSearch({ queries: qs })),
        );
        missing.forEach((t, i) => {
          cache.delete(key(t));
          if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
          const count = {
            all: results[2 * i].estimatedTotalHits ?? 0,
            code: results[2 * i + 1].estimatedTotalHits ?? 0,
          };
          cache.set(key(t), { count, at: now });
        });
      }
      return terms.map((t) => fresh(t) ?? cache.get(key(t))!.count);
    },
    clear(): void {
      cache.clear();
    },
  };
}
