import type { SearchHit } from '../../search/types.ts';

// Text shown for a hit, the same on the page and in the widget. Callers insert it with textContent only.

/** The title, else the document id, else 「(無題)」. */
export function hitTitle(hit: Partial<SearchHit>): string {
  return hit.title ? String(hit.title) : String(hit.documentId || '(無題)');
}

/** The heading path joined with " › ", or '' when the hit has none. */
export function headingPathText(hit: Partial<SearchHit>): string {
  const path = Array.isArray(hit.headingPath) ? hit.headingPath.filter((h) => h != null && h !== '') : [];
  return path.map(String).join(' › ');
}

/** The first `max` characters of `text`, with "…" when cut. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
