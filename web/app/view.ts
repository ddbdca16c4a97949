import type { SearchResponse } from '../../search/types.ts';
import { queryIdOf } from '../shared/events.ts';
import { el, type PageElements } from './dom.ts';
import { clearFacets, renderFacets } from './facets.ts';
import { DEGRADED_LABELS, MODE_LABELS, PAGE_SIZE, SITE_TITLE } from './labels.ts';
import { renderHit } from './render-hit.ts';
import type { PageQuery } from './url-state.ts';

// The results area and its banners: what a search's answer, failure or reset looks like.

/** The search shown (or being loaded). */
export interface Current extends PageQuery {
  /** Hits in the list so far (paging appends). */
  shown: number;
  total: number;
}

export function setResultsState(els: PageElements, state: 'idle' | 'loading' | 'done' | 'error'): void {
  els.results.setAttribute('data-state', state);
  if (state === 'loading') els.results.setAttribute('aria-busy', 'true');
  else els.results.removeAttribute('aria-busy');
}

export function clearMessages(els: PageElements): void {
  els.error.hidden = true;
  els.error.textContent = '';
  els.error.removeAttribute('data-code');
  els.degraded.hidden = true;
  els.degraded.textContent = '';
  els.degraded.removeAttribute('data-legs');
  els.empty.hidden = true;
}

/** Back to the empty page (an empty query). */
export function clearView(els: PageElements): void {
  clearMessages(els);
  els.results.textContent = '';
  els.results.removeAttribute('data-query');
  els.results.removeAttribute('data-facet-value');
  els.status.textContent = '';
  els.more.hidden = true;
  clearFacets(els);
  setResultsState(els, 'idle');
  document.title = SITE_TITLE;
}

/** A new search failed: no stale results (or counts) under its error. */
export function clearAfterFailure(els: PageElements): void {
  els.results.textContent = '';
  els.results.removeAttribute('data-query');
  els.results.removeAttribute('data-facet-value');
  clearFacets(els);
  els.degraded.hidden = true;
  els.empty.hidden = true;
  els.more.hidden = true;
}

export function showError(els: PageElements, code: string, message: string): void {
  els.error.textContent = `エラー: ${message}`;
  els.error.setAttribute('data-code', code);
  els.error.hidden = false;
  els.status.textContent = '';
  setResultsState(els, 'error');
}

function renderDegraded(els: PageElements, body: SearchResponse): void {
  const degraded: string[] = Array.isArray(body.degraded) ? body.degraded.filter((d) => typeof d === 'string') : [];
  const warnings: Record<string, unknown> = body.warnings && typeof body.warnings === 'object' ? body.warnings : {};
  els.degraded.textContent = '';
  if (degraded.length === 0) {
    els.degraded.hidden = true;
    els.degraded.removeAttribute('data-legs');
    return;
  }
  degraded.forEach((leg) => {
    const label = DEGRADED_LABELS[leg] || leg;
    const warning = warnings[leg];
    const reason = typeof warning === 'string' && warning ? `: ${warning}` : '';
    const p = el('p');
    p.textContent = `${label}は現在利用できません${reason}`;
    els.degraded.appendChild(p);
  });
  // In hybrid mode tell the user what they are looking at instead.
  const remaining = ['keyword', 'semantic'].filter((l) => degraded.indexOf(l) < 0);
  if (body.mode === 'hybrid' && remaining.length === 1) {
    const p = el('p', 'banner-note');
    p.textContent = `${DEGRADED_LABELS[remaining[0]]}の結果のみを表示しています。`;
    els.degraded.appendChild(p);
  }
  els.degraded.setAttribute('data-legs', degraded.join(','));
  els.degraded.hidden = false;
}

function formatNumber(n: unknown): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('ja-JP') : '0';
}

function renderStatus(els: PageElements, body: SearchResponse, current: Current): void {
  const total = typeof body.estimatedTotalHits === 'number' ? body.estimatedTotalHits : current.shown;
  const parts: string[] = [];
  if (current.shown === 0) {
    parts.push('0 件');
  } else {
    parts.push(`約 ${formatNumber(total)} 件中 1〜${formatNumber(current.shown)} 件を表示`);
  }
  parts.push(MODE_LABELS[body.mode] || MODE_LABELS[current.mode]);
  const ms = body.processingTimeMs?.total;
  if (typeof ms === 'number') parts.push(`${formatNumber(Math.round(ms))} ms`);
  els.status.textContent = parts.join(' · ');
}

/**
 * Shows an answer: replaces the list, or appends to it for 「さらに表示」. `facet`: the configured facet attribute
 * ('' for none), whose values a new list shows.
 */
export function render(
  els: PageElements,
  body: SearchResponse,
  append: boolean,
  current: Current,
  facet: string,
): void {
  const hits = body.hits;
  if (!append) els.results.textContent = '';
  const frag = document.createDocumentFragment();
  const queryId = queryIdOf(body);
  // A further page's positions go on from the hits above it (the offset counted).
  let position = els.results.children.length;
  hits.forEach((hit) => {
    if (hit && typeof hit === 'object') frag.appendChild(renderHit(hit, ++position, queryId));
  });
  els.results.appendChild(frag);

  current.shown = els.results.children.length;
  current.total = typeof body.estimatedTotalHits === 'number' ? body.estimatedTotalHits : current.shown;

  renderDegraded(els, body);
  els.empty.hidden = current.shown !== 0;
  els.more.hidden = !(hits.length >= PAGE_SIZE && current.shown < current.total);
  renderStatus(els, body, current);
  if (facet && !append) renderFacets(els, body, facet, current.facetValue);
  els.results.setAttribute('data-query', current.query);
  if (current.facetValue) els.results.setAttribute('data-facet-value', current.facetValue);
  else els.results.removeAttribute('data-facet-value');
  setResultsState(els, 'done');
}
