import { MARK_CLOSE, MARK_OPEN } from '../store/search-legs.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Escapes document text, then turns Meilisearch's private-use highlight marks into the caller's tags. */
export function renderSnippet(marked: string, preTag: string, postTag: string): string {
  return escapeHtml(marked).split(MARK_OPEN).join(preTag).split(MARK_CLOSE).join(postTag);
}
