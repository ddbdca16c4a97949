/*!
 * kensaku embeddable search box (served at GET /widget.js). No dependencies; bundled from web/widget/ by web/build.ts.
 *
 * Embed:
 *   <div id="search"></div>
 *   <script src="https://search.example/widget.js"
 *           data-key="SEARCH_KEY"        optional; sent as "Authorization: Bearer SEARCH_KEY"
 *           data-target="#search"        optional CSS selector; default: right after this <script>
 *           data-limit="5"               optional, hits per query (default 5)
 *           data-mode="hybrid"           optional, hybrid | keyword | semantic (default hybrid)
 *           data-placeholder="検索"      optional input placeholder (default 検索)
 *           data-debounce="200"          optional, ms of typing pause before searching (default 200)
 *           data-min-length="1"          optional, minimum query length (default 1)
 *           data-group-by="document"     optional, sends groupBy=document
 *           data-label="サイト内検索"     optional accessible name of the input
 *           data-api="https://…"         optional API origin override (default: origin of this script's src)
 *           data-facet="tags"            optional, a filterable attribute whose values are chips above the results
 *   ></script>
 *
 * The API origin is new URL(script.src).origin; requests go to <origin>/search?q=&mode=&limit=.
 * Everything is wrapped in an IIFE; the only global is window.Kensaku:
 *   Kensaku.mount(targetOrSelector, { key, limit, mode, placeholder, debounce, minLength, groupBy, label, api, facet })
 *     → instance { host, root, input, listbox, search(q) → Promise, close(), destroy() }
 *   Kensaku.instances  — all mounted instances
 *
 * DOM / test contract. The widget creates a host element
 *   <div class="kensaku-widget" data-testid="kensaku-widget">  (inside data-target, or after the script)
 * with an OPEN shadow root (host.shadowRoot) containing:
 *   input   [data-testid="kensaku-input"]   part="input"   role="combobox" aria-autocomplete="list"
 *           aria-expanded="true|false" aria-controls=<listbox id> aria-activedescendant=<active option id>
 *   listbox [data-testid="kensaku-results"] part="listbox" role="listbox", [hidden] while closed;
 *           data-state = idle | loading | done | error; data-query = query of the rendered results;
 *           aria-busy="true" while a request is in flight; data-degraded = "semantic" etc. when the
 *           API answered with degraded legs
 *   option  [data-testid="kensaku-hit"]     part="option"  role="option" aria-selected="true|false",
 *           data-index, data-chunk-id, data-document-id, data-url (only http(s) urls)
 *     [data-testid="kensaku-title"] part="title", [data-testid="kensaku-heading-path"] part="path"
 *     (headingPath joined with " › ", omitted when empty), [data-testid="kensaku-snippet"] part="snippet"
 *   message items inside the listbox (role="none"):
 *     [data-testid="kensaku-error"] part="error" — request failed (data-code = API error code)
 *     [data-testid="kensaku-empty"] part="empty" — 「該当する結果はありません」
 *   [data-testid="kensaku-status"] visually hidden aria-live region (result count / errors)
 * With the facet option (and only then) the listbox sits in <div part="panel">, the dropdown, under
 *   [data-testid="kensaku-facets"] part="facets" role="group" aria-label=「タグで絞り込む」, data-facet = the
 *           attribute; shown while the listbox is open and the answer has values; data-estimated="true"
 *           when the counts include semantic matches, with [data-testid="kensaku-facets-estimated"]
 *           part="facets-estimated" (「≈」, its title says why)
 *   chip    [data-testid="kensaku-facet"]   part="chip" <button aria-pressed="true|false">, data-value,
 *           data-count, most frequent first; [data-testid="kensaku-facet-count"] shows the count
 *   and the listbox's data-facet-value = the value its results are filtered by (absent: none).
 *
 * Behaviour: search-as-you-type, debounced; only the latest request's answer is rendered (previous
 * requests are aborted and stale answers ignored); nothing is searched while an IME composition is in
 * progress (the search runs when the composition is committed). ArrowDown/ArrowUp move the active
 * option (wrapping), Enter or a click selects it, Escape closes the list (a second Escape clears the
 * input). Selecting dispatches a cancelable, bubbling, composed CustomEvent "kensaku:select" on the
 * host element, event.detail = the hit object (plus detail.query); then, if the hit has an http(s)
 * url and the event was not canceled (preventDefault), the browser navigates to it (Ctrl/⌘-click or
 * Ctrl/⌘-Enter opens it in a new tab).
 * Facet: requests send facets=<attribute>; a click on (or Enter / Space on) a chip searches the same
 * query again with filter=<attribute> = "<value>" (the value quoted and escaped), a click on the pressed
 * chip clears it. The chosen value stays while typing and is cleared with the input. A pointer click
 * leaves the focus in the input (arrow keys keep moving the active option); Tab moves from the input
 * to the chips without closing the dropdown, Escape on a chip goes back to the input.
 *
 * Styling: inside the shadow root only (constructable stylesheet, or a <style> element fallback).
 * Theme from the host page with CSS custom properties on the host or any ancestor:
 *   --kensaku-font --kensaku-font-size --kensaku-fg --kensaku-muted --kensaku-bg --kensaku-border
 *   --kensaku-accent --kensaku-active-bg --kensaku-mark-bg --kensaku-error --kensaku-radius
 *   --kensaku-max-height --kensaku-z
 * or with ::part(input|listbox|option|title|path|snippet|error|empty|panel|facets|chip|facets-estimated).
 *
 * Safety: title / headingPath and facet values are inserted with textContent only; the snippet (HTML-escaped
 * by the server except <mark> and <strong>) is re-checked: every "<" not starting exactly one of them is escaped.
 */
// Built from web/widget/ by web/build.ts (npm run build:web): edit the sources, not this file.
"use strict";
(() => {
  // web/widget/dom.ts
  function make(tag, attrs) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const k in attrs) {
        const v = attrs[k];
        if (Object.prototype.hasOwnProperty.call(attrs, k) && v != null) node.setAttribute(k, v);
      }
    }
    return node;
  }
  function createHost() {
    const host = document.createElement("div");
    host.className = "kensaku-widget";
    host.setAttribute("data-testid", "kensaku-widget");
    return host;
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

  // web/widget/options.ts
  var MODES = ["hybrid", "keyword", "semantic"];
  function toInt(v, def, min, max) {
    const n = parseInt(String(v), 10);
    if (isNaN(n)) return def;
    return Math.min(max, Math.max(min, n));
  }
  function isMode(v) {
    return MODES.indexOf(v) >= 0;
  }
  function facetOption(v) {
    if (v == null || v === "") return "";
    const name = String(v).trim();
    if (isFacetAttribute(name)) return name;
    if (window.console) console.warn("kensaku widget: facet " + JSON.stringify(name) + " is not an attribute name; showing no facet");
    return "";
  }
  function normalizeOptions(o, script) {
    let api = o.api ? String(o.api) : null;
    if (!api && script && script.src) {
      try {
        api = new URL(script.src, window.location.href).origin;
      } catch {
        api = null;
      }
    }
    if (!api) api = window.location.origin;
    return {
      api: api.replace(/\/+$/, ""),
      key: o.key ? String(o.key) : "",
      limit: toInt(o.limit, 5, 1, 50),
      mode: isMode(o.mode) ? o.mode : "hybrid",
      placeholder: o.placeholder != null ? String(o.placeholder) : "検索",
      debounce: toInt(o.debounce, 200, 0, 5e3),
      minLength: toInt(o.minLength, 1, 1, 100),
      groupBy: o.groupBy === "document" ? "document" : "",
      label: o.label ? String(o.label) : o.placeholder ? String(o.placeholder) : "サイト内検索",
      facet: facetOption(o.facet)
    };
  }
  function datasetOptions(script) {
    const ds = script.dataset || {};
    return {
      key: ds.key,
      limit: ds.limit,
      mode: ds.mode,
      placeholder: ds.placeholder,
      debounce: ds.debounce,
      minLength: ds.minLength,
      groupBy: ds.groupBy,
      label: ds.label,
      api: ds.api,
      facet: ds.facet
    };
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

  // web/widget/combobox.ts
  function createCombobox(input, listbox, h) {
    let options = [];
    let active = -1;
    const isOpen = () => !listbox.hidden;
    function open() {
      if (listbox.hidden) listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (h.openChanged) h.openChanged(true);
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
      if (h.openChanged) h.openChanged(false);
    }
    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i >= 0 && i < options.length ? i : -1;
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      const opt = options[active];
      opt.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opt.id);
      const top = opt.offsetTop;
      const bottom = top + opt.offsetHeight;
      if (top < listbox.scrollTop) listbox.scrollTop = top;
      else if (bottom > listbox.scrollTop + listbox.clientHeight) listbox.scrollTop = bottom - listbox.clientHeight;
    }
    function clear() {
      listbox.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
    function move(delta) {
      if (!isOpen()) {
        if (!h.answerMatches()) {
          h.searchNow();
          return;
        }
        open();
      }
      const n = options.length;
      if (n === 0) return;
      if (active < 0) setActive(delta > 0 ? 0 : n - 1);
      else setActive((active + delta + n) % n);
    }
    function onKeyDown(e) {
      if (e.isComposing || e.keyCode === 229) return;
      switch (e.key) {
        case "ArrowDown":
        case "Down":
          e.preventDefault();
          move(1);
          break;
        case "ArrowUp":
        case "Up":
          e.preventDefault();
          move(-1);
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            e.preventDefault();
            h.select(active, e);
          }
          break;
        case "Escape":
        case "Esc":
          if (isOpen()) {
            e.preventDefault();
            close();
          } else if (input.value) {
            e.preventDefault();
            input.value = "";
            h.cleared();
          }
          break;
        default:
          break;
      }
    }
    function optionIndex(target) {
      let node = target;
      while (node && node !== listbox) {
        if (node.getAttribute && node.getAttribute("role") === "option") {
          return parseInt(node.getAttribute("data-index") || "", 10);
        }
        node = node.parentNode;
      }
      return -1;
    }
    input.addEventListener("keydown", onKeyDown);
    input.addEventListener("focus", () => {
      if (h.answerMatches()) open();
    });
    input.addEventListener("blur", (e) => {
      if (!(h.keepsOpen && h.keepsOpen(e.relatedTarget))) close();
    });
    listbox.addEventListener("mousedown", (e) => e.preventDefault());
    listbox.addEventListener("click", (e) => {
      const i = optionIndex(e.target);
      if (i >= 0) {
        setActive(i);
        h.select(i, e);
      }
    });
    listbox.addEventListener("mousemove", (e) => {
      const i = optionIndex(e.target);
      if (i >= 0 && i !== active) setActive(i);
    });
    return {
      get active() {
        return active;
      },
      isOpen,
      open,
      close,
      setActive,
      setOptions(list) {
        options = list;
      },
      clear
    };
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

  // web/widget/messages.ts
  function failureMessage(f) {
    if (f.kind === "network") return { code: "network_error", message: "検索サーバーに接続できませんでした" };
    const code = f.code || (f.status ? "http_" + f.status : "bad_response");
    let message;
    if (f.status === 401 || f.status === 403) message = "検索キーが無効です";
    else if (f.status === 429) message = "検索が混み合っています。しばらくしてからお試しください";
    else if (f.message) message = f.message;
    else message = "検索できませんでした" + (f.status ? " (HTTP " + f.status + ")" : "");
    return { code, message };
  }
  var FACET_MAX = 8;
  var FACET_ESTIMATED = "≈";
  var FACET_ESTIMATED_TITLE = "件数には意味検索で見つかった結果も含まれます";
  function facetGroupLabel(attribute) {
    return facetName(attribute) + "で絞り込む";
  }
  function facetChipLabel(value, count, estimated) {
    return value + "(" + (estimated ? "約 " : "") + count.toLocaleString("ja-JP") + " 件)";
  }

  // web/widget/facets.ts
  function createFacetChips(group, attribute, input, h) {
    let selected = "";
    let open = false;
    let count = 0;
    const contains = (node) => !!node && group.contains(node);
    const update = () => {
      group.hidden = !(open && count > 0);
    };
    function show(body) {
      const values = body ? facetValues(body, attribute, selected, FACET_MAX) : [];
      const estimated = facetsEstimated(body);
      const old = [];
      for (let i = 0; i < group.children.length; i++) old.push(group.children[i]);
      const active = group.getRootNode().activeElement;
      const focusedValue = active && contains(active) ? active.getAttribute("data-value") : null;
      let refocus = null;
      for (const v of values) {
        const chip = make("button", {
          type: "button",
          class: "chip",
          part: "chip",
          "data-testid": "kensaku-facet",
          "data-value": v.value,
          "data-count": String(v.count),
          "aria-pressed": v.selected ? "true" : "false",
          "aria-label": facetChipLabel(v.value, v.count, estimated)
        });
        const name = make("span", { class: "chip-name" });
        name.textContent = v.value;
        const n = make("span", { class: "chip-count", "data-testid": "kensaku-facet-count" });
        n.textContent = v.count.toLocaleString("ja-JP");
        chip.appendChild(name);
        chip.appendChild(n);
        group.appendChild(chip);
        if (v.value === focusedValue) refocus = chip;
      }
      if (values.length > 0 && estimated) {
        const note = make("span", { class: "estimated", part: "facets-estimated", title: FACET_ESTIMATED_TITLE, "data-testid": "kensaku-facets-estimated" });
        note.textContent = FACET_ESTIMATED;
        group.appendChild(note);
      }
      if (estimated) group.setAttribute("data-estimated", "true");
      else group.removeAttribute("data-estimated");
      if (refocus) refocus.focus();
      for (const o of old) group.removeChild(o);
      count = values.length;
      update();
    }
    function chipOf(target) {
      let node = target;
      while (node && node !== group) {
        if (node.getAttribute && node.getAttribute("data-testid") === "kensaku-facet") return node;
        node = node.parentNode;
      }
      return null;
    }
    group.addEventListener("mousedown", (e) => e.preventDefault());
    group.addEventListener("click", (e) => {
      const chip = chipOf(e.target);
      if (!chip) return;
      const value = chip.getAttribute("data-value") || "";
      selected = value === selected ? "" : value;
      h.changed();
    });
    group.addEventListener("keydown", (e) => {
      if (e.key === "Escape" || e.key === "Esc") {
        e.preventDefault();
        h.escape();
      }
    });
    group.addEventListener("focusout", (e) => {
      const to = e.relatedTarget;
      if (to !== input && !contains(to)) h.left();
    });
    return {
      get selected() {
        return selected;
      },
      show,
      setOpen(o) {
        open = o;
        update();
      },
      reset() {
        selected = "";
        show(null);
      },
      contains
    };
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

  // web/widget/render.ts
  var EMPTY_TEXT = "該当する結果はありません";
  function renderOption(hit, i, uid) {
    const li = make("li", {
      id: uid + "-opt-" + i,
      class: "option",
      part: "option",
      role: "option",
      "aria-selected": "false",
      "data-testid": "kensaku-hit",
      "data-index": String(i)
    });
    if (hit.chunkId != null) li.setAttribute("data-chunk-id", String(hit.chunkId));
    if (hit.documentId != null) li.setAttribute("data-document-id", String(hit.documentId));
    const href = safeUrl(hit.url);
    if (href) li.setAttribute("data-url", href);
    const title = make("span", { class: "title", part: "title", "data-testid": "kensaku-title" });
    title.textContent = hitTitle(hit);
    li.appendChild(title);
    const path = headingPathText(hit);
    if (path) {
      const p = make("span", { class: "path", part: "path", "data-testid": "kensaku-heading-path" });
      p.textContent = path;
      li.appendChild(p);
    }
    const snip = make("span", { class: "snippet", part: "snippet", "data-testid": "kensaku-snippet" });
    if (typeof hit.snippet === "string" && hit.snippet !== "") {
      snip.innerHTML = sanitizeSnippet(hit.snippet);
    } else if (typeof hit.text === "string") {
      snip.textContent = excerpt(hit.text, 120);
    }
    if (snip.firstChild) li.appendChild(snip);
    return li;
  }
  function renderEmpty() {
    const li = make("li", { class: "msg empty", part: "empty", role: "none", "data-testid": "kensaku-empty" });
    li.textContent = EMPTY_TEXT;
    return li;
  }
  function renderError(code, message) {
    const li = make("li", { class: "msg error", part: "error", role: "none", "data-testid": "kensaku-error" });
    if (code) li.setAttribute("data-code", code);
    li.textContent = message;
    return li;
  }
  function countText(count) {
    return count ? count + " 件の候補があります。上下キーで選択できます。" : EMPTY_TEXT;
  }

  // web/widget/select.ts
  function dispatchSelect(host, hit, query) {
    const detail = {};
    for (const k in hit) {
      if (Object.prototype.hasOwnProperty.call(hit, k)) detail[k] = hit[k];
    }
    detail.query = query;
    let evt;
    try {
      evt = new CustomEvent("kensaku:select", { detail, bubbles: true, composed: true, cancelable: true });
    } catch {
      evt = document.createEvent("CustomEvent");
      evt.initCustomEvent("kensaku:select", true, true, detail);
    }
    return host.dispatchEvent(evt);
  }
  function follow(href, e) {
    if (e && (e.ctrlKey || e.metaKey)) window.open(href, "_blank", "noopener");
    else window.location.assign(href);
  }

  // web/widget/shell.ts
  function buildShell(root, opts, listId) {
    const wrap = make("div", { class: "kensaku", part: "root" });
    const input = make("input", {
      class: "input",
      part: "input",
      type: "text",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      "aria-label": opts.label,
      placeholder: opts.placeholder,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      enterkeyhint: "search",
      "data-testid": "kensaku-input"
    });
    const listbox = make("ul", {
      id: listId,
      class: "listbox",
      part: "listbox",
      role: "listbox",
      "aria-label": opts.label + "の候補",
      "data-testid": "kensaku-results",
      "data-state": "idle"
    });
    listbox.hidden = true;
    const live = make("div", {
      class: "sr-only",
      role: "status",
      "aria-live": "polite",
      "data-testid": "kensaku-status"
    });
    wrap.appendChild(input);
    let facets = null;
    if (opts.facet) {
      const panel = make("div", { class: "panel", part: "panel" });
      facets = make("div", {
        class: "facets",
        part: "facets",
        role: "group",
        "aria-label": facetGroupLabel(opts.facet),
        "data-testid": "kensaku-facets",
        "data-facet": opts.facet
      });
      facets.hidden = true;
      panel.appendChild(facets);
      panel.appendChild(listbox);
      wrap.appendChild(panel);
    } else {
      wrap.appendChild(listbox);
    }
    wrap.appendChild(live);
    root.appendChild(wrap);
    return { input, listbox, facets, live };
  }

  // web/widget/styles.ts
  var CSS = [
    ":host{all:initial;display:block;position:relative;box-sizing:border-box;",
    'font-family:var(--kensaku-font,system-ui,-apple-system,"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP","Noto Sans CJK JP","Yu Gothic UI","Yu Gothic",Meiryo,sans-serif);',
    "font-size:var(--kensaku-font-size,16px);line-height:1.6;color:var(--kensaku-fg,#1f2328);text-align:left;}",
    ":host([hidden]){display:none}",
    "*,*::before,*::after{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    ".kensaku{position:relative}",
    ".input{display:block;width:100%;margin:0;padding:.55em .85em;font:inherit;color:inherit;",
    "background:var(--kensaku-bg,#fff);border:1px solid var(--kensaku-border,#c5cad3);",
    "border-radius:var(--kensaku-radius,8px);-webkit-appearance:none;appearance:none}",
    ".input::placeholder{color:var(--kensaku-muted,#6b7280);opacity:1}",
    ".input:focus{outline:2px solid var(--kensaku-accent,#0b57d0);outline-offset:0;border-color:transparent}",
    ".listbox{position:absolute;z-index:var(--kensaku-z,2147483000);top:calc(100% + 4px);left:0;right:0;",
    "margin:0;padding:4px;list-style:none;max-height:var(--kensaku-max-height,26em);overflow-y:auto;",
    "overscroll-behavior:contain;background:var(--kensaku-bg,#fff);border:1px solid var(--kensaku-border,#c5cad3);",
    "border-radius:var(--kensaku-radius,8px);box-shadow:0 8px 24px rgba(0,0,0,.14)}",
    '.listbox[aria-busy="true"]{opacity:.7}',
    ".option{display:block;margin:0;padding:.5em .7em;border-radius:6px;cursor:pointer;",
    "line-break:strict;overflow-wrap:anywhere}",
    ".option+.option{margin-top:2px}",
    '.option[aria-selected="true"]{background:var(--kensaku-active-bg,#e8f0fe)}',
    ".title{display:block;font-weight:600;line-height:1.45}",
    ".path{display:block;margin-top:1px;font-size:.78em;color:var(--kensaku-muted,#6b7280)}",
    ".snippet{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;",
    "margin-top:2px;font-size:.85em}",
    "mark{background:var(--kensaku-mark-bg,#fff1a8);color:inherit;padding:0 .1em;border-radius:2px;font-weight:600}",
    // The answer sentence: underlined rather than coloured, so the query's marks inside it still show.
    "strong{font-weight:600;text-decoration:underline;text-decoration-color:var(--kensaku-accent,#2563eb);text-underline-offset:.2em}",
    ".msg{display:block;margin:0;padding:.5em .7em;font-size:.85em;color:var(--kensaku-muted,#6b7280)}",
    ".msg.error{color:var(--kensaku-error,#b3261e)}",
    // With the facet option the panel is the dropdown: the chips' bar on top, the listbox under it.
    ".panel{position:absolute;z-index:var(--kensaku-z,2147483000);top:calc(100% + 4px);left:0;right:0;",
    "box-shadow:0 8px 24px rgba(0,0,0,.14);border-radius:var(--kensaku-radius,8px)}",
    ".panel>.listbox{position:static;box-shadow:none}",
    ".facets{display:flex;flex-wrap:wrap;align-items:center;gap:4px;padding:6px 8px;background:var(--kensaku-bg,#fff);",
    "border:1px solid var(--kensaku-border,#c5cad3);border-bottom:0;",
    "border-radius:var(--kensaku-radius,8px) var(--kensaku-radius,8px) 0 0}",
    ".facets:not([hidden])+.listbox{border-top-left-radius:0;border-top-right-radius:0}",
    ".chip{display:inline-flex;align-items:baseline;gap:.35em;margin:0;padding:.1em .65em;font:inherit;font-size:.8em;",
    "line-height:1.6;color:inherit;background:transparent;border:1px solid var(--kensaku-border,#c5cad3);",
    "border-radius:999px;cursor:pointer}",
    ".chip:hover{background:var(--kensaku-active-bg,#e8f0fe)}",
    ".chip:focus-visible{outline:2px solid var(--kensaku-accent,#0b57d0);outline-offset:1px}",
    '.chip[aria-pressed="true"]{color:#fff;background:var(--kensaku-accent,#0b57d0);border-color:var(--kensaku-accent,#0b57d0)}',
    ".chip-count{font-size:.9em;opacity:.75}",
    ".estimated{font-size:.8em;color:var(--kensaku-muted,#6b7280);cursor:help}",
    ".sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;",
    "clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    '@media (forced-colors:active){.option[aria-selected="true"],.chip[aria-pressed="true"]{outline:2px solid Highlight}',
    "mark{forced-color-adjust:none;background:Mark;color:MarkText}}"
  ].join("");
  var sharedSheet = null;
  function applyStyles(root) {
    try {
      if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
        if (!sharedSheet) {
          sharedSheet = new CSSStyleSheet();
          sharedSheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = [sharedSheet];
        return;
      }
    } catch {
    }
    const style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  // web/widget/widget.ts
  function createWidget(host, opts, ns) {
    if (!host.attachShadow) {
      if (window.console) console.warn("kensaku widget: Shadow DOM is not supported by this browser");
      return null;
    }
    const uid = "kensaku-" + ++ns._seq;
    const root = host.attachShadow({ mode: "open" });
    applyStyles(root);
    const { input, listbox, facets, live } = buildShell(root, opts, uid + "-listbox");
    const client = createSearchClient({ api: opts.api, key: () => opts.key, init: { method: "GET", mode: "cors", credentials: "omit" } });
    let hits = [];
    let renderedQuery = null;
    let timer = null;
    let composing = false;
    let destroyed = false;
    let forceOpen = false;
    const box = createCombobox(input, listbox, {
      answerMatches: () => renderedQuery !== null && renderedQuery === input.value.trim(),
      searchNow: () => {
        if (input.value.trim().length >= opts.minLength) void runNow();
      },
      select,
      cleared: reset,
      keepsOpen: (to) => !!chips && chips.contains(to),
      openChanged: (open) => {
        if (chips) chips.setOpen(open);
      }
    });
    const chips = facets ? createFacetChips(facets, opts.facet, input, {
      changed: () => void runNow(),
      escape: () => input.focus(),
      left: () => box.close()
    }) : null;
    function clearList() {
      box.clear();
      hits = [];
    }
    function showHits(q, list, facetValue) {
      clearList();
      hits = list;
      const options = [];
      for (let i = 0; i < list.length; i++) {
        const li = renderOption(list[i] || {}, i, uid);
        listbox.appendChild(li);
        options.push(li);
      }
      box.setOptions(options);
      if (list.length === 0) listbox.appendChild(renderEmpty());
      finish(q, "done", facetValue);
      live.textContent = countText(list.length);
    }
    function showError(q, code, message, facetValue) {
      clearList();
      listbox.appendChild(renderError(code, message));
      finish(q, "error", facetValue);
      live.textContent = message;
    }
    function finish(q, state, facetValue) {
      renderedQuery = q;
      listbox.setAttribute("data-state", state);
      listbox.setAttribute("data-query", q);
      if (facetValue) listbox.setAttribute("data-facet-value", facetValue);
      else listbox.removeAttribute("data-facet-value");
      listbox.removeAttribute("aria-busy");
      listbox.scrollTop = 0;
      if (input.value.trim() === q && (root.activeElement === input || forceOpen)) box.open();
      forceOpen = false;
    }
    function reset() {
      forceOpen = false;
      cancelPending();
      clearList();
      renderedQuery = null;
      listbox.setAttribute("data-state", "idle");
      listbox.removeAttribute("data-query");
      listbox.removeAttribute("data-facet-value");
      if (chips) chips.reset();
      live.textContent = "";
      box.close();
    }
    function cancelPending() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      client.cancel();
      listbox.removeAttribute("aria-busy");
    }
    function schedule() {
      if (destroyed) return;
      const q = input.value.trim();
      if (q.length < opts.minLength) {
        reset();
        return;
      }
      if (q === renderedQuery && !timer && !client.pending) {
        box.open();
        return;
      }
      if (timer) clearTimeout(timer);
      timer = setTimeout(runNow, opts.debounce);
    }
    function runNow() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      const q = input.value.trim();
      if (q.length < opts.minLength) {
        reset();
        return Promise.resolve();
      }
      return search(q);
    }
    function search(q) {
      const facetValue = chips ? chips.selected : "";
      const answer = client.search({
        q,
        mode: opts.mode,
        limit: opts.limit,
        groupBy: opts.groupBy || void 0,
        facet: opts.facet || void 0,
        filter: facetValue ? facetFilter(opts.facet, facetValue) : void 0
      });
      listbox.setAttribute("data-state", "loading");
      listbox.setAttribute("aria-busy", "true");
      return answer.then((outcome) => {
        if (!outcome || destroyed) return;
        if (outcome.ok) {
          const degraded = outcome.body.degraded;
          if (Array.isArray(degraded) && degraded.length) listbox.setAttribute("data-degraded", degraded.join(","));
          else listbox.removeAttribute("data-degraded");
          if (chips) chips.show(outcome.body);
          showHits(q, outcome.body.hits, facetValue);
          return;
        }
        const { code, message } = failureMessage(outcome.failure);
        listbox.removeAttribute("data-degraded");
        if (chips) chips.show(null);
        showError(q, code, message, facetValue);
      });
    }
    function select(i, e) {
      const hit = hits[i];
      if (!hit) return;
      const proceed = dispatchSelect(host, hit, renderedQuery);
      box.close();
      const href = safeUrl(hit.url);
      if (href && proceed) follow(href, e);
    }
    input.addEventListener("input", (e) => {
      if (composing || e.isComposing) return;
      schedule();
    });
    input.addEventListener("compositionstart", () => {
      composing = true;
    });
    input.addEventListener("compositionend", () => {
      composing = false;
      schedule();
    });
    const instance = {
      host,
      root,
      input,
      listbox,
      options: opts,
      search(q) {
        input.value = q == null ? "" : String(q);
        forceOpen = true;
        return runNow();
      },
      close: () => box.close(),
      destroy() {
        destroyed = true;
        cancelPending();
        if (host.parentNode) host.parentNode.removeChild(host);
        const idx = ns.instances.indexOf(instance);
        if (idx >= 0) ns.instances.splice(idx, 1);
      }
    };
    host.kensaku = instance;
    ns.instances.push(instance);
    return instance;
  }

  // web/widget/mount.ts
  function findOwnScript() {
    const scripts = document.getElementsByTagName("script");
    for (let i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src || "")) return scripts[i];
    }
    return null;
  }
  function createMount(ns) {
    return (target, options) => {
      const parent = typeof target === "string" ? document.querySelector(target) : target;
      if (!parent || parent.nodeType !== 1) throw new Error("Kensaku.mount: target element not found");
      const host = createHost();
      parent.appendChild(host);
      return createWidget(host, normalizeOptions(options || {}, null), ns);
    };
  }
  function safeQuery(selector) {
    try {
      return document.querySelector(selector);
    } catch {
      return null;
    }
  }
  function autoMount(script, ns) {
    if (script.getAttribute("data-kensaku-mounted") === "true") return;
    script.setAttribute("data-kensaku-mounted", "true");
    const opts = normalizeOptions(datasetOptions(script), script);
    const selector = (script.dataset || {}).target;
    function place() {
      const host = createHost();
      const target = selector ? safeQuery(selector) : null;
      if (selector && !target && window.console) {
        console.warn('kensaku widget: data-target "' + selector + '" not found; inserting after the script');
      }
      if (target) {
        target.appendChild(host);
      } else if (script.parentNode && script.parentNode !== document.head && script.parentNode !== document.documentElement) {
        script.parentNode.insertBefore(host, script.nextSibling);
      } else if (document.body) {
        document.body.appendChild(host);
      } else {
        return;
      }
      createWidget(host, opts, ns);
    }
    const needsDom = selector && !safeQuery(selector) || !selector && (!script.parentNode || script.parentNode === document.head);
    if (needsDom && document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
    else place();
  }

  // web/widget/main.ts
  var VERSION = "1.0.0";
  function start() {
    const thisScript = document.currentScript || findOwnScript();
    const ns = window.Kensaku = window.Kensaku || {};
    ns.version = VERSION;
    ns.instances = ns.instances || [];
    ns._seq = ns._seq || 0;
    ns.mount = createMount(ns);
    if (thisScript && thisScript.src) autoMount(thisScript, ns);
  }
  if (typeof window !== "undefined" && typeof document !== "undefined") start();
})();
