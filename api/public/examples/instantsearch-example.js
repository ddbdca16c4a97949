// InstantSearch.js on kensaku: the adapter turns InstantSearch's requests into GET /search. Errors are shown on the
// page and in the console with their cause (CORS, key, rate limit), never a blank page.
import { kensakuInsightsClient, kensakuSearchClient } from '/instantsearch.js';

const key = new URLSearchParams(location.search).get('key') || undefined;
const errorBox = document.getElementById('error');
const { searchBox, hits, pagination, refinementList, stats } = window.instantsearch.widgets;
const search = window.instantsearch({
  indexName: 'chunks',
  searchClient: kensakuSearchClient({ url: location.origin, apiKey: key }),
});
// Clicks on hits go to kensaku's POST /events through InstantSearch's insights middleware.
search.use(
  window.instantsearch.middlewares.createInsightsMiddleware({
    insightsClient: kensakuInsightsClient({ url: location.origin, apiKey: key }),
  }),
);
search.on('error', (event) => {
  const message = event?.error ? event.error.message : String(event);
  errorBox.textContent = `検索できませんでした: ${message}`;
  errorBox.hidden = false;
  console.error(message);
});
search.on('render', () => {
  if (search.status !== 'error') errorBox.hidden = true;
});
search.addWidgets([
  searchBox({ container: '#searchbox', placeholder: '検索(例: 普天間)' }),
  stats({ container: '#stats' }),
  refinementList({ container: '#tags', attribute: 'tags' }),
  hits({
    container: '#hits',
    templates: {
      item: (hit, { html, components }) =>
        html`<h3><a href="${hit.url || '#'}">${hit.title || hit.documentId}</a></h3>
          <p>${components.Snippet({ hit, attribute: 'text' })}</p>`,
    },
  }),
  pagination({ container: '#pagination' }),
]);
search.start();
