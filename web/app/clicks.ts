import { createEventSender } from '../shared/events.ts';
import { getKey } from './key.ts';

// A hit's link opened (a click, a middle click, or Enter on the focused link, which clicks it): counted for the
// search that showed it, at its place in the list.

export function trackClicks(results: HTMLElement): void {
  const events = createEventSender({ api: location.origin, key: getKey, who: 'kensaku' });
  const onOpen = (e: MouseEvent) => {
    if (e.type === 'auxclick' && e.button !== 1) return;
    const target = e.target as Element | null;
    const link = target?.closest ? target.closest('a[href]') : null;
    const hit = link?.closest('[data-testid="hit"]');
    if (!hit || !results.contains(hit)) return;
    events.click({
      queryId: hit.getAttribute('data-query-id') || '',
      chunkId: hit.getAttribute('data-chunk-id') || '',
      position: Number(hit.getAttribute('data-position')),
    });
  };
  results.addEventListener('click', onOpen);
  results.addEventListener('auxclick', onOpen);
}
