import type { Fold } from '../../text/fold/fold.ts';
import { loadAnalyser, type Analyser } from '../../text/reading/analyser.ts';
import { phraseReading } from '../../text/reading/phrase-reading.ts';
import { corpusEntries, createTermCache, synonymEntries, type ChunkPages } from './corpus-entries.ts';
import { byRank, createDictionary, type Match, type SuggestDictionary } from './dictionary.ts';
import { foldedKey, mergeEntries, type SuggestEntry } from './entry.ts';
import { prefixKeys, typedText } from './prefix-keys.ts';
import { staleWhileRebuild } from './stale-while-rebuild.ts';
import type { PopularQueries, SuggestResponse, Suggestion } from './types.ts';

export interface SuggestOptions {
  /** Chunks read for titles and headings per dictionary, at most. */
  maxChunks: number;
  /** Chunks analysed for terms per dictionary, at most. */
  termChunks: number;
  /** A query is suggested once it was searched this often (with results) by the same key: one person's query is not. */
  minSearches: number;
}

export interface SuggesterDeps extends SuggestOptions {
  store: ChunkPages & {
    dataVersion(): Promise<string>;
    getSynonyms(): Promise<Record<string, string[]>>;
  };
  fold: Fold;
  /** The analytics store's popular queries; null without analytics (no query suggestions). */
  popular: PopularQueries | null;
  analyser?: () => Analyser;
}

/** Who asks: a scoped key's filter (its documents only) and its analytics key (its queries only). */
export interface SuggestScope {
  filter?: string;
  key: string;
}

// A dictionary is rebuilt at most this often while the data keeps changing (a bulk index): meanwhile the last one
// answers, so a write shows in suggestions up to this late.
const REBUILD_MS = 30_000;
// Scopes (scoped keys' filters) whose dictionaries are kept, least recently used dropped first.
const MAX_SCOPES = 64;
// A scope of at most this many chunks gets its terms in its first answer too (~0.2 s of analysis for JSQuAD-sized
// paragraphs); a larger one's first answer has titles and headings, and its terms follow in the background.
const WHOLE_FIRST = 100;
// Popular queries are re-read this often per key; meanwhile the last read answers.
const QUERIES_TTL_MS = 30_000;
const MAX_QUERY_KEYS = 256;

export type Suggester = ReturnType<typeof createSuggester>;

/**
 * Completions of a typed prefix from the caller's popular queries and from its documents' titles, headings, terms
 * and synonyms. Each scope (no filter, or a scoped key's) has its own dictionary, built from the chunks its filter
 * matches only, so nothing outside a key's filter is ever in what its prefixes are looked up in.
 */
export function createSuggester(deps: SuggesterDeps) {
  const analyse = () => (deps.analyser ?? loadAnalyser)();
  // Scopes overlap (every scoped key's chunks are the unscoped dictionary's too) and a rebuild after a write meets
  // mostly unchanged chunks: each chunk's text is analysed once.
  const termCache = createTermCache(Math.max(deps.termChunks, 1) * 4);
  const dictionaries = staleWhileRebuild<SuggestDictionary>(MAX_SCOPES, REBUILD_MS);
  const queryLists = staleWhileRebuild<{ dictionary: SuggestDictionary; top: SuggestEntry[] }>(
    MAX_QUERY_KEYS,
    QUERIES_TTL_MS,
  );

  async function corpus(filter: string | undefined): Promise<SuggestDictionary> {
    const version = await deps.store.dataVersion();
    // The first request of a larger scope waits for titles and headings only (no text analysed); terms follow at once.
    const make = (withTerms: boolean) => async () => {
      const a = analyse();
      const termChunks = withTerms ? deps.termChunks : 0;
      const options = {
        ...deps,
        analyse: a,
        termCache,
        termChunks,
        termsIfAtMost: Math.min(WHOLE_FIRST, deps.termChunks),
      };
      const entries = await corpusEntries(deps.store, filter, options);
      const synonyms = synonymEntries(await deps.store.getSynonyms(), entries, deps.fold, a);
      return createDictionary(mergeEntries([...entries, ...synonyms]));
    };
    return dictionaries(filter ?? '', version, make(true), make(false));
  }

  async function queries(key: string) {
    const popular = deps.popular;
    if (!popular) return null;
    // The stamp moves every TTL, so the list is re-read that often.
    return queryLists(key, Math.floor(performance.now() / QUERIES_TTL_MS), async () => {
      const a = analyse();
      const entries = mergeEntries(
        (await popular(key))
          .filter((p) => p.searches >= deps.minSearches)
          .map((p) => ({
            text: p.query,
            folded: foldedKey(deps.fold, p.query),
            reading: phraseReading(a, p.query),
            source: 'query' as const,
            weight: p.searches,
          })),
      );
      return { dictionary: createDictionary(entries), top: entries.sort((x, y) => y.weight - x.weight) };
    });
  }

  return {
    async suggest(q: string, scope: SuggestScope, limit: number): Promise<SuggestResponse> {
      const typed = typedText(q);
      // Popular queries come from the analytics store: when it cannot be read, the documents still answer, and the
      // response says what is missing.
      let degraded: SuggestResponse['degraded'];
      const read = queries(scope.key).catch((e: unknown) => {
        degraded = [{ source: 'queries', error: e instanceof Error ? e.message : String(e) }];
        return null;
      });
      if (!typed) {
        // Nothing typed yet: the key's most searched queries, as a search box shows on focus.
        const top = ((await read)?.top ?? []).slice(0, limit);
        return {
          query: typed,
          suggestions: top.map((e) => ({ text: e.text, source: e.source })),
          ...(degraded ? { degraded } : {}),
        };
      }
      const [dictionary, asked] = await Promise.all([corpus(scope.filter), read]);
      const keys = prefixKeys(typed, deps.fold);
      const matches = [...(asked?.dictionary.lookup(keys, limit) ?? []), ...dictionary.lookup(keys, limit)];
      const seen = new Set<string>();
      const suggestions: Suggestion[] = [];
      for (const m of matches.sort(byRank)) {
        if (seen.has(m.entry.folded)) continue;
        seen.add(m.entry.folded);
        suggestions.push(suggestionOf(m, typed));
        if (suggestions.length >= limit) break;
      }
      return { query: typed, suggestions, ...(degraded ? { degraded } : {}) };
    },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function suggestionOf(m: Match, typed: string): Suggestion {
  const { text, source } = m.entry;
  const prefix = typed.normalize('NFKC').toLowerCase();
  if (!m.written || !text.toLowerCase().startsWith(prefix)) return { text, source };
  const n = prefix.length;
  return { text, source, highlighted: `<mark>${escapeHtml(text.slice(0, n))}</mark>${escapeHtml(text.slice(n))}` };
}
