import { sanitizeSnippet } from './safe-html.ts';
import type { Suggestion } from './suggest-client.ts';

/** A suggestion's content: its highlighted HTML re-checked like a snippet (only <mark> survives as markup), else its text. */
export function fillSuggestion(node: HTMLElement, s: Suggestion): void {
  if (typeof s.highlighted === 'string' && s.highlighted) node.innerHTML = sanitizeSnippet(s.highlighted);
  else node.textContent = s.text;
}
