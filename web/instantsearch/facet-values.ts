import { escapeHtml, isPlain, type Tags } from './highlight.ts';
import type { FacetHit } from './types.ts';

// searchForFacetValues on the client: kensaku returns a facet's counts, the typed prefix picks among them.

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
const SEPARATOR = /[\s\-_/・]/;

/** Where a word of the value starts with the prefix, or -1. */
function prefixAt(value: string, prefix: string): number {
  const v = fold(value);
  const p = fold(prefix);
  if (!p) return 0;
  for (let i = 0; i < v.length; i++) {
    if ((i === 0 || SEPARATOR.test(v.charAt(i - 1))) && v.startsWith(p, i)) return i;
  }
  return -1;
}

function highlighted(value: string, at: number, length: number, tags: Tags): string {
  const part = isPlain(tags) ? (s: string) => s : escapeHtml;
  // Folding may change lengths (full-width, ligatures): then the offsets are not the value's, so nothing is marked.
  if (!length || fold(value).length !== value.length) return part(value);
  return (
    part(value.slice(0, at)) +
    tags.pre +
    part(value.slice(at, at + length)) +
    tags.post +
    part(value.slice(at + length))
  );
}

/** The values with a word starting with `facetQuery`, most frequent first, at most `max`. */
export function facetHits(
  counts: Record<string, number> | undefined,
  facetQuery: string,
  max: number,
  tags: Tags,
): FacetHit[] {
  const hits: Array<FacetHit & { at: number }> = [];
  for (const value of Object.keys(counts || {})) {
    const at = prefixAt(value, facetQuery);
    if (at >= 0) hits.push({ value, count: counts![value], at, highlighted: '' });
  }
  hits.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return hits.slice(0, max).map(({ value, count, at }) => ({
    value,
    count,
    highlighted: highlighted(value, at, fold(facetQuery).length, tags),
  }));
}
