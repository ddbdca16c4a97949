// The one copy of what the page and the widget do before anything from a hit reaches the DOM as markup or a link.

/**
 * The server HTML-escapes snippets except the highlight tags and <strong> around the answer; as defence in depth,
 * every "<" that does not start exactly "<mark>", "</mark>", "<strong>" or "</strong>" is escaped again before the
 * snippet is given to innerHTML.
 */
export function sanitizeSnippet(html: unknown): string {
  return String(html == null ? '' : html).replace(/<(?!\/?(?:mark|strong)>)/g, '&lt;');
}

// What the URL parser drops (C0 controls and space at the ends, tabs and newlines anywhere) plus JS whitespace:
// a url made only of these would resolve to the current page, not to a place of its own.
const BLANK = /^[\s\u0000-\u001f]*$/;

/** An absolute http(s) href for a hit's url, or null: no javascript:, data:, ..., and nothing blank. */
export function safeUrl(raw: unknown, base: string = location.href): string | null {
  if (typeof raw !== 'string' || BLANK.test(raw)) return null;
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
