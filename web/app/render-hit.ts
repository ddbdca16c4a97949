import type { SearchHit } from '../../search/types.ts';
import { excerpt, headingPathText, hitTitle } from '../shared/hit-text.ts';
import { safeUrl, sanitizeSnippet } from '../shared/safe-html.ts';
import { el } from './dom.ts';
import { LEG_LABELS } from './labels.ts';

interface Leg {
  leg: 'keyword' | 'semantic';
  rank: unknown;
}

/** [{ leg: 'keyword', rank: 1 }, { leg: 'semantic', rank: 3 }] from hit.explain */
function legsOf(hit: Partial<SearchHit>): Leg[] {
  const explain = hit?.explain;
  if (!explain || typeof explain !== 'object') return [];
  const legs: Leg[] = [];
  (['keyword', 'semantic'] as const).forEach((leg) => {
    const info = explain[leg];
    if (info && typeof info === 'object') legs.push({ leg, rank: info.rank });
  });
  return legs;
}

/**
 * One <li data-testid="hit">: title (for an http(s) url, a link to the page at the hit's section), legs badge, heading
 * path, snippet, score. `position` (1 first) and `queryId` are what a click on its link is counted with.
 */
export function renderHit(hit: Partial<SearchHit>, position: number, queryId: string | null): HTMLLIElement {
  const li = el('li', 'hit', 'hit');
  li.setAttribute('data-position', String(position));
  if (queryId) li.setAttribute('data-query-id', queryId);
  const legs = legsOf(hit);
  const legNames = legs.map((l) => l.leg).join(',');
  li.setAttribute('data-legs', legNames);
  if (hit.chunkId != null) li.setAttribute('data-chunk-id', String(hit.chunkId));
  if (hit.documentId != null) li.setAttribute('data-document-id', String(hit.documentId));

  const head = el('div', 'hit-head');
  const title = el('h2', 'hit-title', 'title');
  const titleText = hitTitle(hit);
  const href = safeUrl(hit.url);
  if (href) {
    const a = el('a');
    a.href = href;
    a.textContent = titleText;
    title.appendChild(a);
  } else {
    title.textContent = titleText;
  }
  head.appendChild(title);

  if (legs.length > 0) {
    const badge = el('span', 'legs', 'legs');
    badge.setAttribute('data-legs', legNames);
    badge.textContent = legs
      .map((l) => LEG_LABELS[l.leg] + (typeof l.rank === 'number' ? ` #${l.rank}` : ''))
      .join(' · ');
    badge.title = '見つけた検索方式と順位';
    head.appendChild(badge);
  }
  li.appendChild(head);

  const path = headingPathText(hit);
  if (path) {
    const hp = el('p', 'heading-path', 'heading-path');
    hp.textContent = path;
    li.appendChild(hp);
  }

  const snippet = el('p', 'snippet', 'snippet');
  if (typeof hit.snippet === 'string' && hit.snippet !== '') {
    snippet.innerHTML = sanitizeSnippet(hit.snippet);
  } else if (typeof hit.text === 'string') {
    snippet.textContent = excerpt(hit.text, 200);
  }
  li.appendChild(snippet);

  const meta = el('p', 'hit-meta');
  if (typeof hit.score === 'number') {
    const score = el('span', 'score', 'score');
    score.textContent = `スコア ${hit.score.toFixed(3)}`;
    meta.appendChild(score);
  }
  if (href) {
    const host = el('span', 'hit-url');
    host.textContent = new URL(href).host;
    meta.appendChild(host);
  }
  if (meta.childNodes.length > 0) li.appendChild(meta);
  return li;
}
