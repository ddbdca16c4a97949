import { MARK_CLOSE, MARK_OPEN } from '../store/search-legs.ts';
import { FULL_FOLD } from '../text/fold/fold.ts';

export interface HighlighterOptions {
  /** Words never marked (the index's stop words). */
  stopWords: readonly string[];
  /** Snippet length in characters; longer text is cropped around the first match. */
  cropChars: number;
}

export type Highlighter = ReturnType<typeof createHighlighter>;

/** Private-use marks around the answer in a snippet, turned into <strong> by renderSnippet. */
export const ANSWER_OPEN = '\uE002';
export const ANSWER_CLOSE = '\uE003';

/** A range of the NFKC text to crop around and mark as the answer. */
export interface Focus {
  start: number;
  end: number;
}

const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/u;
const LEAD_CHARS = 30;

/**
 * Marks the query's words in a chunk, here rather than in Meilisearch: a highlighting query there re-runs the keyword
 * search and cost 2.5 ms of Meilisearch time per page (more than both legs together), and it cannot mark semantic-only
 * hits. Words come from the platform's ICU word segmenter; function words (the stop list, hiragana-only words) are
 * skipped unless nothing else is left. Words are found in the folded text (text/fold) and marked in the text as
 * written, so 仲井真 marks 仲井眞.
 */
export function createHighlighter(options: HighlighterOptions) {
  const stop = new Set(options.stopWords.map((w) => w.normalize('NFKC')));
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

  function terms(q: string): string[] {
    const words = [...segmenter.segment(FULL_FOLD.text(q.normalize('NFKC')))]
      .filter((s) => s.isWordLike)
      .map((s) => s.segment);
    const content = words.filter((w) => !stop.has(w) && !HIRAGANA_ONLY.test(w));
    const chosen = content.length ? content : words.filter((w) => !stop.has(w));
    const long = chosen.filter((w) => w.length > 1);
    return [...new Set(long.length ? long : chosen)].sort((a, b) => b.length - a.length);
  }

  return {
    /**
     * A function from a chunk's NFKC text to its snippet: cropped, with MARK_OPEN/MARK_CLOSE around the query's words.
     * With a focus (the answer), the crop starts just before it and keeps all of it, and it is marked too.
     */
    forQuery(q: string): (text: string, focus?: Focus) => string {
      const words = terms(q);
      const pattern = words.length ? new RegExp(words.map(escapeRegExp).join('|'), 'giu') : null;
      return (text, focus) => {
        const folded = pattern ? FULL_FOLD.withMap(text) : null;
        const found =
          pattern && folded
            ? [...folded.text.matchAll(pattern)].map((m) => ({
                from: folded.from[m.index],
                to: folded.from[m.index + m[0].length],
              }))
            : [];
        // A word across the answer's edge would interleave the two marks: the answer wins.
        const matches = focus
          ? found.filter(
              (m) => m.to <= focus.start || m.from >= focus.end || (m.from >= focus.start && m.to <= focus.end),
            )
          : found;
        let start = 0;
        const anchor = focus ? focus.start : matches[0]?.from;
        if (text.length > options.cropChars && anchor !== undefined)
          start = Math.max(0, Math.min(anchor - LEAD_CHARS, text.length - options.cropChars));
        let end = Math.min(text.length, Math.max(start + options.cropChars, focus?.end ?? 0));
        for (const m of matches) if (m.from < end && m.to > end) end = m.to; // never cut a marked word
        let out = start > 0 ? '…' : '';
        let at = start;
        let opened = false;
        let closed = !focus;
        // Copies the text up to `to`, putting in the answer's marks where it passes them.
        const copyTo = (to: number) => {
          if (focus && !opened && to >= focus.start) {
            out += text.slice(at, focus.start) + ANSWER_OPEN;
            [at, opened] = [focus.start, true];
          }
          if (focus && opened && !closed && to >= focus.end) {
            out += text.slice(at, focus.end) + ANSWER_CLOSE;
            [at, closed] = [focus.end, true];
          }
          out += text.slice(at, to);
          at = to;
        };
        for (const m of matches) {
          if (m.from < start || m.from >= end) continue;
          copyTo(m.from);
          out += `${MARK_OPEN}${text.slice(m.from, m.to)}${MARK_CLOSE}`;
          at = m.to;
        }
        copyTo(end);
        // Adjacent words (普天間|飛行場) read as one mark.
        return (out + (end < text.length ? '…' : '')).split(MARK_CLOSE + MARK_OPEN).join('');
      };
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
