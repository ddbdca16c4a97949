/*!
 * kensaku search page behaviour (loaded by index.html with `defer`; no framework; bundled from web/app/ by web/build.ts).
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
 *     [data-testid="snippet"]       snippet HTML; only <mark> (query words) and <strong> (the answer) survive as markup
 *     [data-testid="score"]         "スコア 0.830"
 *   [data-testid="degraded"] one <p> per degraded leg, e.g. 「意味検索は現在利用できません: reason」;
 *                            data-legs lists the degraded legs
 *   [data-testid="error"]    「エラー: message」, data-code = API error code (or network_error / http_<status>)
 *   [data-testid="empty"]    shown when a completed search returned 0 hits
 *   [data-testid="more"]     loads the next page (offset) and appends hits
 *
 * Safety: title / headingPath / text are only ever inserted with textContent. The snippet is
 * HTML-escaped by the server except <mark> and <strong> tags; as defence in depth every "<" that
 * does not start exactly one of them is re-escaped before it is given to innerHTML.
 */
// Built from web/app/ by web/build.ts (npm run build:web): edit the sources, not this file.
"use strict";
(() => {
  // web/app/dom.ts
  var byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');
  function findElements() {
    return {
      form: byTestId("search-form"),
      q: byTestId("q"),
      mode: byTestId("mode"),
      group: byTestId("group"),
      degraded: byTestId("degraded"),
      error: byTestId("error"),
      status: byTestId("status"),
      empty: byTestId("empty"),
      results: byTestId("results"),
      more: byTestId("more")
    };
  }
  function el(tag, className, testId) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (testId) node.setAttribute("data-testid", testId);
    return node;
  }

  // web/shared/client.ts
  function searchUrl(api, r) {
    let qs = "q=" + encodeURIComponent(r.q) + "&mode=" + encodeURIComponent(r.mode) + "&limit=" + r.limit;
    if (r.offset) qs += "&offset=" + r.offset;
    if (r.groupBy) qs += "&groupBy=" + r.groupBy;
    return api + "/search?" + qs;
  }
  function createSearchClient(options) {
    let controller = null;
    let seq = 0;
    let pending = false;
    function cancel() {
      if (controller) controller.abort();
      controller = null;
      seq++;
      pending = false;
    }
    async function search(request) {
      if (controller) controller.abort();
      const my = ++seq;
      const ctrl = typeof AbortController === "function" ? new AbortController() : null;
      controller = ctrl;
      pending = true;
      const headers = { Accept: "application/json" };
      const key = options.key();
      if (key) headers.Authorization = "Bearer " + key;
      let outcome;
      try {
        const res = await fetch(searchUrl(options.api, request), {
          ...options.init,
          headers,
          signal: ctrl ? ctrl.signal : void 0
        });
        outcome = await readAnswer(res);
      } catch {
        outcome = failed("network", 0, void 0);
      }
      if (my !== seq) return null;
      controller = null;
      pending = false;
      return outcome;
    }
    return {
      search,
      cancel,
      get pending() {
        return pending;
      }
    };
  }
  async function readAnswer(res) {
    let body;
    try {
      body = await res.json();
    } catch {
      body = void 0;
    }
    if (res.status < 200 || res.status >= 300) return failed("http", res.status, body);
    if (isRecord(body) && Array.isArray(body.hits)) return { ok: true, body };
    return failed("bad_response", res.status, body);
  }
  function failed(kind, status, body) {
    const err = isRecord(body) && isRecord(body.error) ? body.error : null;
    return {
      ok: false,
      failure: {
        kind,
        status,
        code: err && err.code ? String(err.code) : null,
        message: err && err.message ? String(err.message) : null
      }
    };
  }
  function isRecord(v) {
    return typeof v === "object" && v !== null;
  }

  // web/app/key.ts
  var KEY_STORAGE = "kensaku.key";
  function getKey() {
    const fromUrl = new URLSearchParams(location.search).get("key");
    if (fromUrl) return fromUrl;
    try {
      return localStorage.getItem(KEY_STORAGE) || "";
    } catch {
      return "";
    }
  }

  // web/app/labels.ts
  var PAGE_SIZE = 10;
  var DEFAULT_MODE = "hybrid";
  var MODES = ["hybrid", "keyword", "semantic"];
  var SITE_TITLE = "検索 | kensaku";
  var MODE_LABELS = { hybrid: "ハイブリッド", keyword: "キーワード", semantic: "意味検索" };
  var LEG_LABELS = { keyword: "キーワード", semantic: "意味" };
  var DEGRADED_LABELS = { keyword: "キーワード検索", semantic: "意味検索" };

  // web/app/messages.ts
  function failureMessage(f) {
    if (f.kind === "network") return { code: "network_error", message: "サーバーに接続できませんでした" };
    if (f.kind === "bad_response") return { code: "bad_response", message: "サーバーの応答を解釈できませんでした" };
    const code = f.code || "http_" + f.status;
    let message = f.message || "サーバーがエラーを返しました (HTTP " + f.status + ")";
    if (f.status === 401 || f.status === 403) message = "認証に失敗しました。API キーを確認してください(" + message + ")";
    return { code, message };
  }

  // web/shared/hit-text.ts
  function hitTitle(hit) {
    return hit.title ? String(hit.title) : String(hit.documentId || "(無題)");
  }
  function headingPathText(hit) {
    const path = Array.isArray(hit.headingPath) ? hit.headingPath.filter((h) => h != null && h !== "") : [];
    return path.map(String).join(" › ");
  }
  function excerpt(text, max) {
    return text.length > max ? text.slice(0, max) + "…" : text;
  }

  // web/shared/safe-html.ts
  function sanitizeSnippet(html) {
    return String(html == null ? "" : html).replace(/<(?!\/?(?:mark|strong)>)/g, "&lt;");
  }
  var BLANK = /^[\s\u0000-\u001f]*$/;
  function safeUrl(raw, base = location.href) {
    if (typeof raw !== "string" || BLANK.test(raw)) return null;
    try {
      const u = new URL(raw, base);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch {
      return null;
    }
  }

  // web/app/render-hit.ts
  function legsOf(hit) {
    const explain = hit && hit.explain;
    if (!explain || typeof explain !== "object") return [];
    const legs = [];
    ["keyword", "semantic"].forEach((leg) => {
      const info = explain[leg];
      if (info && typeof info === "object") legs.push({ leg, rank: info.rank });
    });
    return legs;
  }
  function renderHit(hit) {
    const li = el("li", "hit", "hit");
    const legs = legsOf(hit);
    const legNames = legs.map((l) => l.leg).join(",");
    li.setAttribute("data-legs", legNames);
    if (hit.chunkId != null) li.setAttribute("data-chunk-id", String(hit.chunkId));
    if (hit.documentId != null) li.setAttribute("data-document-id", String(hit.documentId));
    const head = el("div", "hit-head");
    const title = el("h2", "hit-title", "title");
    const titleText = hitTitle(hit);
    const href = safeUrl(hit.url);
    if (href) {
      const a = el("a");
      a.href = href;
      a.textContent = titleText;
      title.appendChild(a);
    } else {
      title.textContent = titleText;
    }
    head.appendChild(title);
    if (legs.length > 0) {
      const badge = el("span", "legs", "legs");
      badge.setAttribute("data-legs", legNames);
      badge.textContent = legs.map((l) => LEG_LABELS[l.leg] + (typeof l.rank === "number" ? " #" + l.rank : "")).join(" · ");
      badge.title = "見つけた検索方式と順位";
      head.appendChild(badge);
    }
    li.appendChild(head);
    const path = headingPathText(hit);
    if (path) {
      const hp = el("p", "heading-path", "heading-path");
      hp.textContent = path;
      li.appendChild(hp);
    }
    const snippet = el("p", "snippet", "snippet");
    if (typeof hit.snippet === "string" && hit.snippet !== "") {
      snippet.innerHTML = sanitizeSnippet(hit.snippet);
    } else if (typeof hit.text === "string") {
      snippet.textContent = excerpt(hit.text, 200);
    }
    li.appendChild(snippet);
    const meta = el("p", "hit-meta");
    if (typeof hit.score === "number") {
      const score = el("span", "score", "score");
      score.textContent = "スコア " + hit.score.toFixed(3);
      meta.appendChild(score);
    }
    if (href) {
      const host = el("span", "hit-url");
      host.textContent = new URL(href).host;
      meta.appendChild(host);
    }
    if (meta.childNodes.length > 0) li.appendChild(meta);
    return li;
  }

  // web/app/view.ts
  function setResultsState(els2, state) {
    els2.results.setAttribute("data-state", state);
    if (state === "loading") els2.results.setAttribute("aria-busy", "true");
    else els2.results.removeAttribute("aria-busy");
  }
  function clearMessages(els2) {
    els2.error.hidden = true;
    els2.error.textContent = "";
    els2.error.removeAttribute("data-code");
    els2.degraded.hidden = true;
    els2.degraded.textContent = "";
    els2.degraded.removeAttribute("data-legs");
    els2.empty.hidden = true;
  }
  function clearView(els2) {
    clearMessages(els2);
    els2.results.textContent = "";
    els2.results.removeAttribute("data-query");
    els2.status.textContent = "";
    els2.more.hidden = true;
    setResultsState(els2, "idle");
    document.title = SITE_TITLE;
  }
  function clearAfterFailure(els2) {
    els2.results.textContent = "";
    els2.results.removeAttribute("data-query");
    els2.degraded.hidden = true;
    els2.empty.hidden = true;
    els2.more.hidden = true;
  }
  function showError(els2, code, message) {
    els2.error.textContent = "エラー: " + message;
    els2.error.setAttribute("data-code", code);
    els2.error.hidden = false;
    els2.status.textContent = "";
    setResultsState(els2, "error");
  }
  function renderDegraded(els2, body) {
    const degraded = Array.isArray(body.degraded) ? body.degraded.filter((d) => typeof d === "string") : [];
    const warnings = body.warnings && typeof body.warnings === "object" ? body.warnings : {};
    els2.degraded.textContent = "";
    if (degraded.length === 0) {
      els2.degraded.hidden = true;
      els2.degraded.removeAttribute("data-legs");
      return;
    }
    degraded.forEach((leg) => {
      const label = DEGRADED_LABELS[leg] || leg;
      const warning = warnings[leg];
      const reason = typeof warning === "string" && warning ? ": " + warning : "";
      const p = el("p");
      p.textContent = label + "は現在利用できません" + reason;
      els2.degraded.appendChild(p);
    });
    const remaining = ["keyword", "semantic"].filter((l) => degraded.indexOf(l) < 0);
    if (body.mode === "hybrid" && remaining.length === 1) {
      const p = el("p", "banner-note");
      p.textContent = DEGRADED_LABELS[remaining[0]] + "の結果のみを表示しています。";
      els2.degraded.appendChild(p);
    }
    els2.degraded.setAttribute("data-legs", degraded.join(","));
    els2.degraded.hidden = false;
  }
  function formatNumber(n) {
    return typeof n === "number" && isFinite(n) ? n.toLocaleString("ja-JP") : "0";
  }
  function renderStatus(els2, body, current) {
    const total = typeof body.estimatedTotalHits === "number" ? body.estimatedTotalHits : current.shown;
    const parts = [];
    if (current.shown === 0) {
      parts.push("0 件");
    } else {
      parts.push("約 " + formatNumber(total) + " 件中 1〜" + formatNumber(current.shown) + " 件を表示");
    }
    parts.push(MODE_LABELS[body.mode] || MODE_LABELS[current.mode]);
    const ms = body.processingTimeMs && body.processingTimeMs.total;
    if (typeof ms === "number") parts.push(formatNumber(Math.round(ms)) + " ms");
    els2.status.textContent = parts.join(" · ");
  }
  function render(els2, body, append, current) {
    const hits = body.hits;
    if (!append) els2.results.textContent = "";
    const frag = document.createDocumentFragment();
    hits.forEach((hit) => {
      if (hit && typeof hit === "object") frag.appendChild(renderHit(hit));
    });
    els2.results.appendChild(frag);
    current.shown = els2.results.children.length;
    current.total = typeof body.estimatedTotalHits === "number" ? body.estimatedTotalHits : current.shown;
    renderDegraded(els2, body);
    els2.empty.hidden = current.shown !== 0;
    els2.more.hidden = !(hits.length >= PAGE_SIZE && current.shown < current.total);
    renderStatus(els2, body, current);
    els2.results.setAttribute("data-query", current.query);
    setResultsState(els2, "done");
  }

  // web/app/search.ts
  function createPageSearch(els2) {
    const client = createSearchClient({ api: location.origin, key: getKey });
    let current = null;
    async function search(s, append) {
      if (!append || !current) {
        current = { query: s.query, mode: s.mode, group: s.group, shown: 0, total: 0 };
        document.title = s.query + " - " + SITE_TITLE;
      }
      const shown = current;
      els2.error.hidden = true;
      els2.more.disabled = true;
      setResultsState(els2, "loading");
      const outcome = await client.search({
        q: s.query,
        mode: s.mode,
        limit: PAGE_SIZE,
        offset: append && shown.shown > 0 ? shown.shown : void 0,
        groupBy: s.group ? "document" : void 0
      });
      if (!outcome) return;
      if (outcome.ok) {
        render(els2, outcome.body, append, shown);
      } else {
        if (!append) clearAfterFailure(els2);
        const { code, message } = failureMessage(outcome.failure);
        showError(els2, code, message);
      }
      els2.more.disabled = false;
    }
    return {
      run(s) {
        if (!s.query) {
          client.cancel();
          current = null;
          clearView(els2);
          return;
        }
        clearMessages(els2);
        void search(s, false);
      },
      more() {
        if (current) void search(current, true);
      }
    };
  }

  // web/app/url-state.ts
  function normalizeMode(m) {
    return MODES.indexOf(m) >= 0 ? m : DEFAULT_MODE;
  }
  function readUrlState() {
    const p = new URLSearchParams(location.search);
    return {
      query: (p.get("q") || "").trim(),
      mode: normalizeMode(p.get("mode")),
      group: p.get("groupBy") === "document"
    };
  }
  function writeUrlState(s) {
    const url = new URL(location.href);
    const p = url.searchParams;
    if (s.query) p.set("q", s.query);
    else p.delete("q");
    if (s.mode !== DEFAULT_MODE) p.set("mode", s.mode);
    else p.delete("mode");
    if (s.group) p.set("groupBy", "document");
    else p.delete("groupBy");
    url.search = p.toString();
    if (url.href !== location.href) history.pushState(null, "", url.href);
  }
  function formState(els2) {
    return {
      query: els2.q.value.trim(),
      mode: normalizeMode(els2.mode.value),
      group: els2.group.checked
    };
  }
  function applyToForm(els2, s) {
    els2.q.value = s.query;
    els2.mode.value = s.mode;
    els2.group.checked = s.group;
  }

  // web/app/main.ts
  var els = findElements();
  var page = createPageSearch(els);
  els.form.addEventListener("submit", (e) => {
    e.preventDefault();
    const s = formState(els);
    writeUrlState(s);
    page.run(s);
  });
  function onOptionChange() {
    const s = formState(els);
    if (!s.query) return;
    writeUrlState(s);
    page.run(s);
  }
  els.mode.addEventListener("change", onOptionChange);
  els.group.addEventListener("change", onOptionChange);
  els.more.addEventListener("click", () => page.more());
  window.addEventListener("popstate", () => {
    const s = readUrlState();
    applyToForm(els, s);
    page.run(s);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target;
    const tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || t && t.isContentEditable) return;
    e.preventDefault();
    els.q.focus();
    els.q.select();
  });
  var initial = readUrlState();
  applyToForm(els, initial);
  if (initial.query) page.run(initial);
  else els.q.focus();
})();
