import { createSearchClient } from '../shared/client.ts';
import { facetFilter } from '../shared/facet-filter.ts';
import type { PageElements } from './dom.ts';
import { getKey } from './key.ts';
import { PAGE_SIZE, SITE_TITLE } from './labels.ts';
import { failureMessage } from './messages.ts';
import { consoleText } from '../shared/unanswered.ts';
import type { PageQuery } from './url-state.ts';
import {
  clearAfterFailure,
  clearMessages,
  clearView,
  render,
  setResultsState,
  showError,
  type Current,
} from './view.ts';

export interface PageSearch {
  /** Runs the search `s` describes, or clears the page for an empty query (without calling the API). */
  run(s: PageQuery): void;
  /** 「さらに表示」: the next page of the search shown. */
  more(): void;
}

/**
 * The page's searches against the same-origin API; only the latest one's answer is shown. `facet`: the attribute whose
 * values are counted ('' for none); a query's facet value filters its search.
 */
export function createPageSearch(els: PageElements, facet: string): PageSearch {
  const client = createSearchClient({ api: location.origin, key: getKey });
  let current: Current | null = null;

  async function search(s: PageQuery, append: boolean): Promise<void> {
    if (!append || !current) {
      current = { query: s.query, mode: s.mode, group: s.group, facetValue: s.facetValue, shown: 0, total: 0 };
      document.title = `${s.query} - ${SITE_TITLE}`;
    }
    const shown = current;
    els.error.hidden = true;
    els.more.disabled = true;
    setResultsState(els, 'loading');

    const outcome = await client.search({
      q: s.query,
      mode: s.mode,
      limit: PAGE_SIZE,
      offset: append && shown.shown > 0 ? shown.shown : undefined,
      groupBy: s.group ? 'document' : undefined,
      // A further page lists the same values: only a new search counts them.
      facet: facet && !append ? facet : undefined,
      filter: facet && shown.facetValue ? facetFilter(facet, shown.facetValue) : undefined,
    });
    if (!outcome) return; // a newer search has started, or the page was cleared
    if (outcome.ok) {
      render(els, outcome.body, append, shown, facet);
    } else {
      if (!append) clearAfterFailure(els);
      const { code, message } = failureMessage(outcome.failure);
      console.error(`kensaku: ${consoleText(outcome.failure, location.origin)}`);
      showError(els, code, message);
    }
    els.more.disabled = false;
  }

  return {
    run(s) {
      if (!s.query) {
        client.cancel();
        current = null;
        clearView(els);
        return;
      }
      clearMessages(els);
      void search(s, false);
    },
    more() {
      if (current) void search(current, true);
    },
  };
}
