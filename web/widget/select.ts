import type { SearchHit } from '../../search/types.ts';

/**
 * Fires the cancelable, bubbling, composed "kensaku:select" on the host, detail = a copy of the hit plus the query.
 * False when a listener called preventDefault().
 */
export function dispatchSelect(host: HTMLElement, hit: Partial<SearchHit>, query: string | null): boolean {
  const detail: Record<string, unknown> = {};
  for (const k in hit) {
    if (Object.prototype.hasOwnProperty.call(hit, k)) detail[k] = hit[k as keyof SearchHit];
  }
  detail.query = query;
  let evt: CustomEvent;
  try {
    evt = new CustomEvent('kensaku:select', { detail, bubbles: true, composed: true, cancelable: true });
  } catch {
    // browsers without the CustomEvent constructor
    evt = document.createEvent('CustomEvent');
    evt.initCustomEvent('kensaku:select', true, true, detail);
  }
  return host.dispatchEvent(evt);
}

/** Goes to a selected hit's safe href; Ctrl/⌘ opens it in a new tab. */
export function follow(href: string, e?: KeyboardEvent | MouseEvent): void {
  if (e && (e.ctrlKey || e.metaKey)) window.open(href, '_blank', 'noopener');
  else window.location.assign(href);
}
