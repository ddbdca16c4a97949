import { MARK_CLOSE, MARK_OPEN } from '../store/search-legs.ts';
import type { ReadingQuery } from '../store/search-legs.ts';
import { FULL_FOLD } from '../text/fold/fold.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { loadAnalyser } from '../text/reading/analyser.ts';
import { createWrittenForms } from '../text/reading/written-forms.ts';

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

/** The written forms of a reading query in the hits shown: what to mark, and what to count for the answer. */
export interface WrittenForms {
  /** Per chunk id: ranges of its NFKC text (normalizeForMatch) that read as a query word. */
  marks: Map<string, Focus[]>;
  /** Per word of the query as sent to the readings: the distinct forms the chunks write it in. */
  words: { typed: string; written: string[] }[];
}

const HIRAGANA_ONLY = /^[\u3040-\u309f]+$/u;
const KANA_ONLY = /^[\u3040-\u309f\u30a0-\u30ffー]+$/u;
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
  // The analyser loads on the first reading query (~0.5 s): a search without one never pays for it.
  const written = createWrittenForms(loadAnalyser);

  function words(q: string): string[] {
    const words = [...segmenter.segment(FULL_FOLD.text(q.normalize('NFKC')))]
      .filter((s) => s.isWordLike)
      .map((s) => s.segment);
    const content = words.filter((w) => !stop.has(w) && !HIRAGANA_ONLY.test(w));
    const chosen = content.length ? content : words.filter((w) => !stop.has(w));
    const long = chosen.filter((w) => w.length > 1);
    // A kana word typed whole (せきゆ) is marked whole where the text writes it so, not as the pieces the segmenter
    // cuts it into (せき); a lone hiragana (ら of らじお) would mark every one in the text.
    const kana = FULL_FOLD.text(q.normalize('NFKC'))
      .split(/\s+/)
      .filter((w) => w.length > 1 && KANA_ONLY.test(w));
    return [...kana, ...(long.length ? long : chosen.filter((w) => !HIRAGANA_ONLY.test(w)))];
  }

  // The forms the search also matched (a synonym's rewrite, a translation) are cut into words like the query.
  function terms(q: string, forms: readonly string[]): string[] {
    return [...new Set([q, ...forms].flatMap(words))].sort((a, b) => b.length - a.length);
  }

  return {
    /**
     * Where the chunks shown write what a kana or romaji query typed (ふてんま, futenma → 普天間). They are read here,
     * at search time, for the ≤ limit chunks shown only, and only those whose stored readings hold a candidate: the
     * index holds each chunk's reading words but not where they are written.
     */
    writtenForms(
      chunks: readonly { id: string; originalText: string; reading?: string; romaji?: string }[],
      query: ReadingQuery,
    ): WrittenForms {
      const typed = query.q.split(/\s+/).filter(Boolean);
      const reading = { words: typed, romaji: !query.on.includes('reading') };
      const forms = typed.map(() => new Set<string>());
      const marks = new Map<string, Focus[]>();
      for (const c of chunks) {
        // The chunk's stored readings say whether it can hold the word at all: most cannot, and are not read.
        const stored = reading.romaji ? c.romaji : c.reading;
        if (stored !== undefined && !written.mayHold(stored, reading)) continue;
        const text = normalizeForMatch(c.originalText);
        const found = written(text, reading);
        for (const f of found) forms[f.word].add(text.slice(f.start, f.end));
        if (found.length) marks.set(c.id, found);
      }
      return { marks, words: typed.map((t, i) => ({ typed: t, written: [...forms[i]] })) };
    },

    /**
     * A function from a chunk's NFKC text to its snippet: cropped, with MARK_OPEN/MARK_CLOSE around the query's words
     * and the `forms` the search also matched them by (keyword.also: translations, synonyms). `spans` are more ranges
     * of the text to mark, found otherwise (the written forms of a reading query: 普天間 for ふてんま).
     * With a focus (the answer), the crop starts just before it and keeps all of it, and it is marked too.
     */
    forQuery(
      q: string,
      forms: readonly string[] = [],
    ): (text: string, focus?: Focus, spans?: readonly Focus[]) => string {
      const words = terms(q, forms);
      const pattern = words.length ? new RegExp(words.map(escapeRegExp).join('|'), 'giu') : null;
      return (text, focus, spans = []) => {
        const folded = pattern ? FULL_FOLD.withMap(text) : null;
        const byWord =
          pattern && folded
            ? [...folded.text.matchAll(pattern)].map((m) => ({
                from: folded.from[m.index],
                to: folded.from[m.index + m[0].length],
              }))
            : [];
        const found = spans.length ? union([...byWord, ...spans.map((s) => ({ from: s.start, to: s.end }))]) : byWord;
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

// Sorted ranges, overlapping ones merged: the copy loop below marks each range once, in order.
function union(ranges: { from: number; to: number }[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const r of ranges.sort((a, b) => a.from - b.from || b.to - a.to)) {
    const last = out.at(-1);
    if (last && r.from < last.to) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
