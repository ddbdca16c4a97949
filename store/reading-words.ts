import type { Index } from 'meilisearch';
import { meili } from './meili-errors.ts';

// The index's update time is asked at most this often; a write shows in the vocabulary at most this late.
const CHECK_MS = 5_000;
const PAGE = 10_000;

/**
 * The reading words of the chunk index (its `reading` fields, text/reading/readings.ts) with how many chunks hold
 * each: what a kana phrase typed without spaces is cut into (text/reading/segment.ts). Read in pages of the field
 * alone and kept while the index's updatedAt stays the same, so a search pays for it once per change of the index,
 * and otherwise one index-info request every CHECK_MS. The same Map comes back while it holds.
 */
export function createReadingWords(chunks: Pick<Index, 'getDocuments' | 'getRawInfo'>) {
  let kept: { words: Map<string, number>; updatedAt: string; checked: number } | null = null;
  let loading: Promise<Map<string, number>> | null = null;

  async function load(): Promise<Map<string, number>> {
    const { updatedAt } = await meili('reading the index', () => chunks.getRawInfo());
    const at = String(updatedAt);
    if (kept && kept.updatedAt === at) {
      kept.checked = Date.now();
      return kept.words;
    }
    const words = new Map<string, number>();
    for (let offset = 0; ; offset += PAGE) {
      const page = await meili('reading the readings', () =>
        chunks.getDocuments<{ reading?: string }>({ fields: ['reading'], limit: PAGE, offset }),
      );
      for (const d of page.results)
        for (const w of new Set((d.reading ?? '').split(' '))) if (w) words.set(w, (words.get(w) ?? 0) + 1);
      if (offset + PAGE >= page.total) break;
    }
    kept = { words, updatedAt: at, checked: Date.now() };
    return words;
  }

  return {
    async get(): Promise<ReadonlyMap<string, number>> {
      if (kept && Date.now() - kept.checked < CHECK_MS) return kept.words;
      loading ??= load().finally(() => {
        loading = null;
      });
      return loading;
    },
    /** The index changed: the next get() asks for its updatedAt instead of trusting CHECK_MS. */
    forget(): void {
      if (kept) kept.checked = 0;
    },
  };
}
