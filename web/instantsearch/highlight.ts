import type { HighlightValue, MatchLevel } from './types.ts';

// kensaku's snippet (escaped HTML: highlight tags around matched words, <strong> around the answer) → the values
// InstantSearch reads from _highlightResult and _snippetResult.

/** InstantSearch's own tags: with them a value is plain text, which InstantSearch escapes and turns into <mark>. */
export const AIS_PRE_TAG = '__ais-highlight__';
export const AIS_POST_TAG = '__/ais-highlight__';

export interface Tags {
  pre: string;
  post: string;
}

/**
 * With InstantSearch's placeholder tags (its escapeHTML, the default) values are plain text. With any other tags the
 * caller turned escapeHTML off and inserts values as HTML, so they stay kensaku's escaped HTML.
 */
export function isPlain(tags: Tags): boolean {
  return tags.pre === AIS_PRE_TAG && tags.post === AIS_POST_TAG;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The five entities kensaku writes, in one pass, so "&amp;lt;" becomes "&lt;" and not "<". */
export function unescapeHtml(html: string): string {
  return html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The snippet as an InstantSearch value. <strong> is the answer's emphasis, kensaku's own markup: the only "<" in the
 * escaped snippet besides the highlight tags, so dropping it cannot touch document text.
 */
export function snippetValue(snippet: string, tags: Tags): string {
  const html = snippet.replace(/<\/?strong>/g, '');
  return isPlain(tags) ? unescapeHtml(html) : html;
}

/** The distinct marked strings of a value, as text. */
export function matchedWords(value: string, tags: Tags): string[] {
  const words: string[] = [];
  let from = 0;
  for (;;) {
    const start = value.indexOf(tags.pre, from);
    if (start < 0) break;
    const end = value.indexOf(tags.post, start + tags.pre.length);
    if (end < 0) break;
    const raw = value.slice(start + tags.pre.length, end);
    const word = isPlain(tags) ? raw : unescapeHtml(raw);
    if (word && words.indexOf(word) < 0) words.push(word);
    from = end + tags.post.length;
  }
  return words;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * full: every whitespace-separated query term is made up of marked words (what is left holds no letter or digit);
 * partial: some words are marked; none: nothing is. Japanese has no spaces, so 会談はどこで with only 会談 marked is
 * partial.
 */
export function matchLevel(words: readonly string[], query: string): MatchLevel {
  if (!words.length) return 'none';
  const marked = words.map(fold).sort((a, b) => b.length - a.length);
  const terms = fold(query).split(/\s+/).filter(Boolean);
  const covered = terms.every((term) => !WORD_CHAR.test(marked.reduce((rest, w) => rest.split(w).join(''), term)));
  return covered ? 'full' : 'partial';
}

/**
 * Marks every occurrence of the words in a text (the title, which kensaku leaves unmarked): longest first, not
 * overlapping, ignoring case, keeping the text's own characters.
 */
export function markWords(text: string, words: readonly string[], tags: Tags): string {
  const longest = words
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .sort((a, b) => b.length - a.length);
  const part = isPlain(tags) ? (s: string) => s : escapeHtml;
  let out = '';
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const word = longest.find((w) => text.slice(i, i + w.length).toLowerCase() === w);
    if (word) {
      out += part(plain) + tags.pre + part(text.slice(i, i + word.length)) + tags.post;
      plain = '';
      i += word.length;
    } else {
      plain += text.charAt(i);
      i++;
    }
  }
  return out + part(plain);
}

/** The words to mark in a title: what the snippet marked and the query's own terms (a title match leaves no mark in the snippet). */
export function titleWords(snippetWords: readonly string[], query: string): string[] {
  const words = snippetWords.slice();
  for (const term of query.trim().split(/\s+/)) if (term && words.indexOf(term) < 0) words.push(term);
  return words;
}

export function highlightValue(value: string, query: string, tags: Tags): HighlightValue {
  const words = matchedWords(value, tags);
  return { value, matchLevel: matchLevel(words, query), matchedWords: words };
}
