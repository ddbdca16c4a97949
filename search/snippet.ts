import { MARK_CLOSE, MARK_OPEN } from '../store/search-legs.ts';
import { ANSWER_CLOSE, ANSWER_OPEN } from './highlight.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Escapes document text, then turns the private-use marks into the caller's highlight tags and <strong> (answer). */
export function renderSnippet(marked: string, preTag: string, postTag: string): string {
  return escapeHtml(marked)
    .split(MARK_OPEN)
    .join(preTag)
    .split(MARK_CLOSE)
    .join(postTag)
    .split(ANSWER_OPEN)
    .join('<strong>')
    .split(ANSWER_CLOSE)
    .join('</strong>');
}
