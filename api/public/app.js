/*!
 * kensaku search page behaviour (loaded by index.html with `defer`; no framework; bundled from web/app/ by web/build.ts).
 *
 * Talks to the same-origin API: GET /search?q=&mode=&limit=10[&offset=][&groupBy=document]
 * with `Authorization: Bearer <key>` when a key is known. Key lookup (per request):
 *   1. `?key=` in the page URL (kept in the URL when the page rewrites ?q=)
 *   2. localStorage['kensaku.key']
 *
 * URL state: ?q=<query>[&mode=keyword|semantic][&groupBy=document][&facetValue=<value>]. Submitting
 * the form (or changing mode / grouping while a query is present, or choosing a facet value) pushes a
 * history entry; loading the page with ?q= runs the search; back/forward re-runs it. An empty query
 * clears the results without calling the API.
 *
 * Facet (off unless configured): `?facet=<attribute>` in the page URL (e.g. ?facet=tags; kept like ?key=)
 * sends facets=<attribute> and lists the attribute's values with their counts above the results.
 * Choosing a value searches again with filter=<attribute> = "<value>" (the value quoted and escaped)
 * and keeps it as ?facetValue=; choosing it again clears it. A new query keeps the chosen value.
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
 *   [data-testid="results"]  data-facet-value: the facet value the shown results are filtered by (absent: none)
 *   [data-testid="facets"]   role="group" labelled by [data-testid="facets-label"] (「タグで絞り込む」);
 *                            data-facet = the attribute; data-estimated="true" when the counts include
 *                            semantic matches, and then [data-testid="facets-estimated"] (「≈ 概数」) shows;
 *                            [hidden] when no facet is configured or there is no value to list
 *     [data-testid="facet-value"]  <button aria-pressed="true|false"> per value, most frequent first,
 *                                  data-value, data-count; its [data-testid="facet-count"] shows the count
 *
 * Safety: title / headingPath / text and facet values are only ever inserted with textContent. The snippet is
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
      facets: byTestId("facets"),
      facetsLabel: byTestId("facets-label"),
      facetsEstimated: byTestId("facets-estimated"),
      facetValues: byTestId("facet-values"),
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

  // web/shared/facet-filter.ts
  var ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
  function isFacetAttribute(name) {
    return typeof name === "string" && ATTRIBUTE.test(name);
  }
  function filterLiteral(value) {
    return '"' + value.replace(/[\\"]/g, "\\$&") + '"';
  }
  function facetFilter(attribute, value) {
    if (!isFacetAttribute(attribute)) throw new Error("facetFilter: " + JSON.stringify(attribute) + " is not an attribute name");
    return attribute + " = " + filterLiteral(String(value));
  }

  // web/app/facet-config.ts
  function configuredFacet() {
    const facet2 = (new URLSearchParams(location.search).get("facet") || "").trim();
    return isFacetAttribute(facet2) ? facet2 : "";
  }

  // web/shared/facet-values.ts
  var byCountThenValue = (a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  function facetValues(body, attribute, selected, max) {
    const dist = body && body.facetDistribution && typeof body.facetDistribution === "object" ? body.facetDistribution[attribute] : null;
    const all = [];
    if (dist && typeof dist === "object") {
      for (const value in dist) {
        const count = dist[value];
        if (Object.prototype.hasOwnProperty.call(dist, value) && typeof count === "number" && isFinite(count)) {
          all.push({ value, count, selected: value === selected });
        }
      }
    }
    all.sort(byCountThenValue);
    const shown = all.slice(0, max);
    if (selected && !shown.some((v) => v.selected)) {
      const own = all.filter((v) => v.selected)[0];
      shown.push(own || { value: selected, count: 0, selected: true });
    }
    return shown;
  }
  function facetsEstimated(body) {
    return !!body && body.facetsEstimated === true;
  }

  // web/shared/facet-text.ts
  var NAMES = { tags: "タグ", source: "出典", documentId: "文書" };
  function facetName(attribute) {
    return Object.prototype.hasOwnProperty.call(NAMES, attribute) ? NAMES[attribute] : attribute;
  }

  // web/app/labels.ts
  var PAGE_SIZE = 10;
  var DEFAULT_MODE = "hybrid";
  var MODES = ["hybrid", "keyword", "semantic"];
  var SITE_TITLE = "検索 | kensaku";
  var MODE_LABELS = { hybrid: "ハイブリッド", keyword: "キーワード", semantic: "意味検索" };
  var LEG_LABELS = { keyword: "キーワード", semantic: "意味" };
  var DEGRADED_LABELS = { keyword: "キーワード検索", semantic: "意味検索" };
  var FACET_MAX = 20;
  var FACET_ESTIMATED = "≈ 概数";
  var FACET_ESTIMATED_TITLE = "件数には意味検索で見つかった結果も含まれます";
  function facetGroupLabel(attribute) {
    return facetName(attribute) + "で絞り込む";
  }
  function facetValueLabel(value, count, estimated) {
    return value + "(" + (estimated ? "約 " : "") + count.toLocaleString("ja-JP") + " 件)";
  }

  // web/app/facets.ts
  function renderFacets(els2, body, facet2, selected) {
    const values = facetValues(body, facet2, selected, FACET_MAX);
    const estimated = facetsEstimated(body);
    const active = document.activeElement;
    const focusedValue = active && els2.facetValues.contains(active) ? active.getAttribute("data-value") : null;
    const frag = document.createDocumentFragment();
    let refocus = null;
    for (const v of values) {
      const b = el("button", "facet-value", "facet-value");
      b.type = "button";
      b.setAttribute("data-value", v.value);
      b.setAttribute("data-count", String(v.count));
      b.setAttribute("aria-pressed", v.selected ? "true" : "false");
      b.setAttribute("aria-label", facetValueLabel(v.value, v.count, estimated));
      const name = el("span", "facet-name");
      name.textContent = v.value;
      const count = el("span", "facet-count", "facet-count");
      count.textContent = v.count.toLocaleString("ja-JP");
      b.appendChild(name);
      b.appendChild(count);
      frag.appendChild(b);
      if (v.value === focusedValue) refocus = b;
    }
    els2.facetValues.textContent = "";
    els2.facetValues.appendChild(frag);
    if (refocus) refocus.focus();
    els2.facetsLabel.textContent = facetGroupLabel(facet2);
    els2.facetsEstimated.textContent = FACET_ESTIMATED;
    els2.facetsEstimated.title = FACET_ESTIMATED_TITLE;
    els2.facetsEstimated.hidden = !estimated;
    els2.facets.setAttribute("data-facet", facet2);
    if (estimated) els2.facets.setAttribute("data-estimated", "true");
    else els2.facets.removeAttribute("data-estimated");
    els2.facets.hidden = values.length === 0;
  }
  function clearFacets(els2) {
    els2.facetValues.textContent = "";
    els2.facets.hidden = true;
  }
  function facetValueOf(target, els2) {
    let node = target;
    while (node && node !== els2.facetValues) {
      if (node.getAttribute && node.getAttribute("data-testid") === "facet-value") return node.getAttribute("data-value");
      node = node.parentNode;
    }
    return null;
  }

  // web/shared/client.ts
  function searchUrl(api, r) {
    let qs = "q=" + encodeURIComponent(r.q) + "&mode=" + encodeURIComponent(r.mode) + "&limit=" + r.limit;
    if (r.offset) qs += "&offset=" + r.offset;
    if (r.groupBy) qs += "&groupBy=" + r.groupBy;
    if (r.facet) qs += "&facets=" + encodeURIComponent(r.facet);
    if (r.filter) qs += "&filter=" + encodeURIComponent(r.filter);
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
    els2.results.removeAttribute("data-facet-value");
    els2.status.textContent = "";
    els2.more.hidden = true;
    clearFacets(els2);
    setResultsState(els2, "idle");
    document.title = SITE_TITLE;
  }
  function clearAfterFailure(els2) {
    els2.results.textContent = "";
    els2.results.removeAttribute("data-query");
    els2.results.removeAttribute("data-facet-value");
    clearFacets(els2);
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
  function render(els2, body, append, current, facet2) {
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
    if (facet2 && !append) renderFacets(els2, body, facet2, current.facetValue);
    els2.results.setAttribute("data-query", current.query);
    if (current.facetValue) els2.results.setAttribute("data-facet-value", current.facetValue);
    else els2.results.removeAttribute("data-facet-value");
    setResultsState(els2, "done");
  }

  // web/app/search.ts
  function createPageSearch(els2, facet2) {
    const client = createSearchClient({ api: location.origin, key: getKey });
    let current = null;
    async function search(s, append) {
      if (!append || !current) {
        current = { query: s.query, mode: s.mode, group: s.group, facetValue: s.facetValue, shown: 0, total: 0 };
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
        groupBy: s.group ? "document" : void 0,
        // A further page lists the same values: only a new search counts them.
        facet: facet2 && !append ? facet2 : void 0,
        filter: facet2 && shown.facetValue ? facetFilter(facet2, shown.facetValue) : void 0
      });
      if (!outcome) return;
      if (outcome.ok) {
        render(els2, outcome.body, append, shown, facet2);
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
  function readUrlState(facet2) {
    const p = new URLSearchParams(location.search);
    return {
      query: (p.get("q") || "").trim(),
      mode: normalizeMode(p.get("mode")),
      group: p.get("groupBy") === "document",
      facetValue: facet2 ? p.get("facetValue") || "" : ""
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
    if (s.facetValue) p.set("facetValue", s.facetValue);
    else p.delete("facetValue");
    url.search = p.toString();
    if (url.href !== location.href) history.pushState(null, "", url.href);
  }
  function formState(els2, facetValue2) {
    return {
      query: els2.q.value.trim(),
      mode: normalizeMode(els2.mode.value),
      group: els2.group.checked,
      facetValue: facetValue2
    };
  }
  function applyToForm(els2, s) {
    els2.q.value = s.query;
    els2.mode.value = s.mode;
    els2.group.checked = s.group;
  }

  // web/app/main.ts
  var els = findElements();
  var facet = configuredFacet();
  var page = createPageSearch(els, facet);
  var facetValue = "";
  function show(s, push) {
    facetValue = s.facetValue;
    if (push) writeUrlState(s);
    page.run(s);
  }
  els.form.addEventListener("submit", (e) => {
    e.preventDefault();
    show(formState(els, facetValue), true);
  });
  function onOptionChange() {
    const s = formState(els, facetValue);
    if (!s.query) return;
    show(s, true);
  }
  els.mode.addEventListener("change", onOptionChange);
  els.group.addEventListener("change", onOptionChange);
  els.facetValues.addEventListener("click", (e) => {
    const value = facetValueOf(e.target, els);
    if (value === null) return;
    const s = formState(els, value === facetValue ? "" : value);
    if (s.query) show(s, true);
  });
  els.more.addEventListener("click", () => page.more());
  window.addEventListener("popstate", () => {
    const s = readUrlState(facet);
    applyToForm(els, s);
    show(s, false);
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
  var initial = readUrlState(facet);
  applyToForm(els, initial);
  facetValue = initial.facetValue;
  if (initial.query) page.run(initial);
  else els.q.focus();
})();
