/*
 * kensaku search page behaviour (loaded by index.html with `defer`; no framework, no build).
 *
 * Talks to the same-origin API: GET /search?q=&mode=&limit=10[&offset=][&groupBy=document]
 * with `Authorization: Bearer <key>` when a key is known. Key lookup (per request):
 *   1. `?key=` in the page URL (kept in the URL when the page rewrites ?q=)
 *   2. localStorage['kensaku.key']
 *
 * URL state: ?q=<query>[&mode=keyword|semantic][&groupBy=document]. Submitting the form
 * (or changing mode / grouping while a query is present) pushes a history entry; loading
 * the page with ?q= runs the search; back/forward re-runs it. An empty query clears the
 * results without calling the API.
 *
 * DOM / test contract (static elements are listed in index.html):
 *   [data-testid="results"]  data-state: idle | loading | done | error;
 *                            data-query: the query whose results are shown; aria-busy while loading
 *   [data-testid="hit"]      <li class="hit"> per hit, with data-legs="keyword,semantic" (or one
 *                            leg, or ""), data-chunk-id, data-document-id
 *     [data-testid="title"]         title (textContent; wrapped in <a> when hit.url is http(s))
 *     [data-testid="legs"]          badge e.g. "キーワード #1 · 意味 #3", same data-legs attribute;
 *                                   omitted when the hit has no explain info
 *     [data-testid="heading-path"]  headingPath joined with " › " (omitted when empty)
 *     [data-testid="snippet"]       snippet HTML; only <mark>/</mark> survive as markup
 *     [data-testid="score"]         "スコア 0.830"
 *   [data-testid="degraded"] one <p> per degraded leg, e.g. 「意味検索は現在利用できません: reason」;
 *                            data-legs lists the degraded legs
 *   [data-testid="error"]    「エラー: message」, data-code = API error code (or network_error / http_<status>)
 *   [data-testid="empty"]    shown when a completed search returned 0 hits
 *   [data-testid="more"]     loads the next page (offset) and appends hits
 *
 * Safety: title / headingPath / text are only ever inserted with textContent. The snippet is
 * HTML-escaped by the server except <mark> tags; as defence in depth every "<" that does not
 * start exactly "<mark>" or "</mark>" is re-escaped before it is given to innerHTML.
 */
(function () {
  'use strict';

  const SEARCH_ENDPOINT = '/search';
  const PAGE_SIZE = 10;
  const MODES = ['hybrid', 'keyword', 'semantic'];
  const DEFAULT_MODE = 'hybrid';
  const KEY_STORAGE = 'kensaku.key';
  const SITE_TITLE = '検索 | kensaku';

  const MODE_LABELS = { hybrid: 'ハイブリッド', keyword: 'キーワード', semantic: '意味検索' };
  const LEG_LABELS = { keyword: 'キーワード', semantic: '意味' };
  const DEGRADED_LABELS = { keyword: 'キーワード検索', semantic: '意味検索' };

  const byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');
  const els = {
    form: byTestId('search-form'),
    q: byTestId('q'),
    mode: byTestId('mode'),
    group: byTestId('group'),
    degraded: byTestId('degraded'),
    error: byTestId('error'),
    status: byTestId('status'),
    empty: byTestId('empty'),
    results: byTestId('results'),
    more: byTestId('more'),
  };

  /** The search currently shown (or being loaded). */
  let current = null; // { query, mode, group, shown, total }
  let controller = null;
  let seq = 0;

  // ---------------------------------------------------------------- helpers

  /** Re-escape any "<" that is not exactly the start of <mark> or </mark>. */
  function sanitizeSnippet(html) {
    return String(html == null ? '' : html).replace(/<(?!\/?mark>)/g, '&lt;');
  }

  /** Only http(s) URLs become links (no javascript:, data:, ...). */
  function safeUrl(raw) {
    if (typeof raw !== 'string' || raw.trim() === '') return null;
    try {
      const u = new URL(raw, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  function getKey() {
    const fromUrl = new URLSearchParams(location.search).get('key');
    if (fromUrl) return fromUrl;
    try {
      return localStorage.getItem(KEY_STORAGE) || '';
    } catch (_) {
      return ''; // storage disabled
    }
  }

  function normalizeMode(m) {
    return MODES.indexOf(m) >= 0 ? m : DEFAULT_MODE;
  }

  function el(tag, className, testId) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (testId) node.setAttribute('data-testid', testId);
    return node;
  }

  function formatNumber(n) {
    return typeof n === 'number' && isFinite(n) ? n.toLocaleString('ja-JP') : '0';
  }

  /** [{ leg: 'keyword', rank: 1 }, { leg: 'semantic', rank: 3 }] from hit.explain */
  function legsOf(hit) {
    const explain = hit && hit.explain;
    if (!explain || typeof explain !== 'object') return [];
    const legs = [];
    ['keyword', 'semantic'].forEach((leg) => {
      const info = explain[leg];
      if (info && typeof info === 'object') legs.push({ leg: leg, rank: info.rank });
    });
    return legs;
  }

  // ---------------------------------------------------------------- URL state

  function readUrlState() {
    const p = new URLSearchParams(location.search);
    return {
      query: (p.get('q') || '').trim(),
      mode: normalizeMode(p.get('mode')),
      group: p.get('groupBy') === 'document',
    };
  }

  function writeUrlState(s) {
    const url = new URL(location.href);
    const p = url.searchParams;
    if (s.query) p.set('q', s.query);
    else p.delete('q');
    if (s.mode !== DEFAULT_MODE) p.set('mode', s.mode);
    else p.delete('mode');
    if (s.group) p.set('groupBy', 'document');
    else p.delete('groupBy');
    url.search = p.toString();
    if (url.href !== location.href) history.pushState(null, '', url.href);
  }

  function formState() {
    return {
      query: els.q.value.trim(),
      mode: normalizeMode(els.mode.value),
      group: els.group.checked,
    };
  }

  function applyToForm(s) {
    els.q.value = s.query;
    els.mode.value = s.mode;
    els.group.checked = s.group;
  }

  // ---------------------------------------------------------------- rendering

  function setResultsState(state) {
    els.results.setAttribute('data-state', state);
    if (state === 'loading') els.results.setAttribute('aria-busy', 'true');
    else els.results.removeAttribute('aria-busy');
  }

  function clearMessages() {
    els.error.hidden = true;
    els.error.textContent = '';
    els.error.removeAttribute('data-code');
    els.degraded.hidden = true;
    els.degraded.textContent = '';
    els.degraded.removeAttribute('data-legs');
    els.empty.hidden = true;
  }

  function resetResults() {
    if (controller) controller.abort();
    controller = null;
    seq++;
    current = null;
    clearMessages();
    els.results.textContent = '';
    els.results.removeAttribute('data-query');
    els.status.textContent = '';
    els.more.hidden = true;
    setResultsState('idle');
    document.title = SITE_TITLE;
  }

  function showError(code, message) {
    els.error.textContent = 'エラー: ' + message;
    els.error.setAttribute('data-code', code);
    els.error.hidden = false;
    els.status.textContent = '';
    setResultsState('error');
  }

  function renderDegraded(body) {
    const degraded = Array.isArray(body.degraded) ? body.degraded.filter((d) => typeof d === 'string') : [];
    const warnings = body.warnings && typeof body.warnings === 'object' ? body.warnings : {};
    els.degraded.textContent = '';
    if (degraded.length === 0) {
      els.degraded.hidden = true;
      els.degraded.removeAttribute('data-legs');
      return;
    }
    degraded.forEach((leg) => {
      const label = DEGRADED_LABELS[leg] || leg;
      const reason = typeof warnings[leg] === 'string' && warnings[leg] ? ': ' + warnings[leg] : '';
      const p = el('p');
      p.textContent = label + 'は現在利用できません' + reason;
      els.degraded.appendChild(p);
    });
    // In hybrid mode tell the user what they are looking at instead.
    const remaining = ['keyword', 'semantic'].filter((l) => degraded.indexOf(l) < 0);
    if (body.mode === 'hybrid' && remaining.length === 1) {
      const p = el('p', 'banner-note');
      p.textContent = DEGRADED_LABELS[remaining[0]] + 'の結果のみを表示しています。';
      els.degraded.appendChild(p);
    }
    els.degraded.setAttribute('data-legs', degraded.join(','));
    els.degraded.hidden = false;
  }

  function renderHit(hit) {
    const li = el('li', 'hit', 'hit');
    const legs = legsOf(hit);
    const legNames = legs.map((l) => l.leg).join(',');
    li.setAttribute('data-legs', legNames);
    if (hit.chunkId != null) li.setAttribute('data-chunk-id', String(hit.chunkId));
    if (hit.documentId != null) li.setAttribute('data-document-id', String(hit.documentId));

    const head = el('div', 'hit-head');
    const title = el('h2', 'hit-title', 'title');
    const titleText = hit.title ? String(hit.title) : String(hit.documentId || '(無題)');
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
        .map((l) => LEG_LABELS[l.leg] + (typeof l.rank === 'number' ? ' #' + l.rank : ''))
        .join(' · ');
      badge.title = '見つけた検索方式と順位';
      head.appendChild(badge);
    }
    li.appendChild(head);

    const path = Array.isArray(hit.headingPath) ? hit.headingPath.filter((h) => h != null && h !== '') : [];
    if (path.length > 0) {
      const hp = el('p', 'heading-path', 'heading-path');
      hp.textContent = path.map(String).join(' › ');
      li.appendChild(hp);
    }

    const snippet = el('p', 'snippet', 'snippet');
    if (typeof hit.snippet === 'string' && hit.snippet !== '') {
      snippet.innerHTML = sanitizeSnippet(hit.snippet);
    } else if (typeof hit.text === 'string') {
      const t = hit.text;
      snippet.textContent = t.length > 200 ? t.slice(0, 200) + '…' : t;
    }
    li.appendChild(snippet);

    const meta = el('p', 'hit-meta');
    if (typeof hit.score === 'number') {
      const score = el('span', 'score', 'score');
      score.textContent = 'スコア ' + hit.score.toFixed(3);
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

  function renderStatus(body) {
    const total = typeof body.estimatedTotalHits === 'number' ? body.estimatedTotalHits : current.shown;
    const parts = [];
    if (current.shown === 0) {
      parts.push('0 件');
    } else {
      parts.push('約 ' + formatNumber(total) + ' 件中 1〜' + formatNumber(current.shown) + ' 件を表示');
    }
    parts.push(MODE_LABELS[body.mode] || MODE_LABELS[current.mode]);
    const ms = body.processingTimeMs && body.processingTimeMs.total;
    if (typeof ms === 'number') parts.push(formatNumber(Math.round(ms)) + ' ms');
    els.status.textContent = parts.join(' · ');
  }

  function render(body, append) {
    const hits = body.hits;
    if (!append) els.results.textContent = '';
    const frag = document.createDocumentFragment();
    hits.forEach((hit) => {
      if (hit && typeof hit === 'object') frag.appendChild(renderHit(hit));
    });
    els.results.appendChild(frag);

    current.shown = els.results.children.length;
    current.total = typeof body.estimatedTotalHits === 'number' ? body.estimatedTotalHits : current.shown;

    renderDegraded(body);
    els.empty.hidden = current.shown !== 0;
    els.more.hidden = !(hits.length >= PAGE_SIZE && current.shown < current.total);
    renderStatus(body);
    els.results.setAttribute('data-query', current.query);
    setResultsState('done');
  }

  // ---------------------------------------------------------------- API

  async function parseError(res) {
    let code = 'http_' + res.status;
    let message = 'サーバーがエラーを返しました (HTTP ' + res.status + ')';
    try {
      const body = await res.json();
      if (body && body.error) {
        if (body.error.code) code = String(body.error.code);
        if (body.error.message) message = String(body.error.message);
      }
    } catch (_) {
      /* not JSON */
    }
    if (res.status === 401 || res.status === 403) {
      message = '認証に失敗しました。API キーを確認してください(' + message + ')';
    }
    return { code: code, message: message };
  }

  async function search(s, append) {
    if (controller) controller.abort();
    const my = ++seq;
    const ctrl = new AbortController();
    controller = ctrl;

    if (!append) {
      current = { query: s.query, mode: s.mode, group: s.group, shown: 0, total: 0 };
      document.title = s.query + ' - ' + SITE_TITLE;
    }
    els.error.hidden = true;
    els.more.disabled = true;
    setResultsState('loading');

    const url = new URL(SEARCH_ENDPOINT, location.origin);
    url.searchParams.set('q', s.query);
    url.searchParams.set('mode', s.mode);
    url.searchParams.set('limit', String(PAGE_SIZE));
    if (append && current.shown > 0) url.searchParams.set('offset', String(current.shown));
    if (s.group) url.searchParams.set('groupBy', 'document');

    const headers = { Accept: 'application/json' };
    const key = getKey();
    if (key) headers.Authorization = 'Bearer ' + key;

    try {
      const res = await fetch(url.href, { headers: headers, signal: ctrl.signal });
      if (!res.ok) {
        const err = await parseError(res);
        if (my !== seq) return;
        if (!append) clearAfterFailure();
        showError(err.code, err.message);
        return;
      }
      const body = await res.json();
      if (my !== seq) return; // a newer search has started
      if (!body || !Array.isArray(body.hits)) {
        if (!append) clearAfterFailure();
        showError('bad_response', 'サーバーの応答を解釈できませんでした');
        return;
      }
      render(body, append);
    } catch (e) {
      if ((e && e.name === 'AbortError') || my !== seq) return;
      if (!append) clearAfterFailure();
      if (e instanceof SyntaxError) showError('bad_response', 'サーバーの応答を解釈できませんでした');
      else showError('network_error', 'サーバーに接続できませんでした');
    } finally {
      if (my === seq) {
        els.more.disabled = false;
        controller = null;
      }
    }
  }

  function clearAfterFailure() {
    els.results.textContent = '';
    els.results.removeAttribute('data-query');
    els.degraded.hidden = true;
    els.empty.hidden = true;
    els.more.hidden = true;
  }

  /** Run the search described by `s` (or clear, for an empty query). */
  function run(s) {
    if (!s.query) {
      resetResults();
      return;
    }
    clearMessages();
    search(s, false);
  }

  // ---------------------------------------------------------------- events

  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const s = formState();
    writeUrlState(s);
    run(s);
  });

  function onOptionChange() {
    const s = formState();
    if (!s.query) return;
    writeUrlState(s);
    run(s);
  }
  els.mode.addEventListener('change', onOptionChange);
  els.group.addEventListener('change', onOptionChange);

  els.more.addEventListener('click', () => {
    if (!current) return;
    search(current, true);
  });

  window.addEventListener('popstate', () => {
    const s = readUrlState();
    applyToForm(s);
    run(s);
  });

  // "/" focuses the search box (unless typing somewhere already).
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target;
    const tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
    e.preventDefault();
    els.q.focus();
    els.q.select();
  });

  // ---------------------------------------------------------------- init

  const initial = readUrlState();
  applyToForm(initial);
  if (initial.query) run(initial);
  else els.q.focus();
})();
