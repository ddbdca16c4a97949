import { MARK_CLOSE, MARK_OPEN } from '../store/search-legs.ts';

export interface HighlighterOptions {
  /** Words never marked (the index's stop words). */
  stopWords: readonly string[];
  /** Snippet length in characters; longer text is cropped around the first match. */
  cropChars: number;
}

export type Highlighter = ReturnType<typeof createHighlighter>;

const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/u;
const LEAD_CHARS = 30;

/**
 * Marks the query's words in a chunk, here rather than in Meilisearch: a highlighting query there re-runs the keyword
 * search and cost 2.5 ms of Meilisearch time per page (more than both legs together), and it cannot mark semantic-only
 * hits. Words come from the platform's ICU word segmenter; function words (the stop list, hiragana-only words) are
 * skipped unless nothing else is left.
 */
export function createHighlighter(options: HighlighterOptions) {
  const stop = new Set(options.stopWords.map((w) => w.normalize('NFKC')));
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

  function terms(q: string): string[] {
    const words = [...segmenter.segment(q.normalize('NFKC'))].filter((s) => s.isWordLike).map((s) => s.segment);
    const content = words.filter((w) => !stop.has(w) && !HIRAGANA_ONLY.test(w));
    const chosen = content.length ? content : words.filter((w) => !stop.has(w));
    const long = chosen.filter((w) => w.length > 1);
    return [...new Set(long.length ? long : chosen)].sort((a, b) => b.length - a.length);
  }

  return {
    /** A function from a chunk's NFKC text to its snippet: cropped, with MARK_OPEN/MARK_CLOSE around the query's words. */
    forQuery(q: string): (text: string) => string {
      const words = terms(q);
      const pattern = words.length ? new RegExp(words.map(escapeRegExp).join('|'), 'giu') : null;
      return (text) => {
        const matches = pattern ? [...text.matchAll(pattern)].map((m) => ({ from: m.index, to: m.index + m[0].length })) : [];
        let start = 0;
        if (text.length > options.cropChars && matches.length) start = Math.max(0, Math.min(matches[0].from - LEAD_CHARS, text.length - options.cropChars));
        let end = Math.min(text.length, start + options.cropChars);
        for (const m of matches) if (m.from < end && m.to > end) end = m.to; // never cut a marked word
        let out = start > 0 ? '…' : '';
        let at = start;
        for (const m of matches) {
          if (m.from < start || m.from >= end) continue;
          out += `${text.slice(at, m.from)}${MARK_OPEN}${text.slice(m.from, m.to)}${MARK_CLOSE}`;
          at = m.to;
        }
        // Adjacent words (普天間|飛行場) read as one mark.
        return (out + text.slice(at, end) + (end < text.length ? '…' : '')).split(MARK_CLOSE + MARK_OPEN).join('');
      };
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
