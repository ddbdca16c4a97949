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
 *   ></script>
 *
 * The API origin is new URL(script.src).origin; requests go to <origin>/search?q=&mode=&limit=.
 * Everything is wrapped in an IIFE; the only global is window.Kensaku:
 *   Kensaku.mount(targetOrSelector, { key, limit, mode, placeholder, debounce, minLength, groupBy, label, api })
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
 *
 * Behaviour: search-as-you-type, debounced; only the latest request's answer is rendered (previous
 * requests are aborted and stale answers ignored); nothing is searched while an IME composition is in
 * progress (the search runs when the composition is committed). ArrowDown/ArrowUp move the active
 * option (wrapping), Enter or a click selects it, Escape closes the list (a second Escape clears the
 * input). Selecting dispatches a cancelable, bubbling, composed CustomEvent "kensaku:select" on the
 * host element, event.detail = the hit object (plus detail.query); then, if the hit has an http(s)
 * url and the event was not canceled (preventDefault), the browser navigates to it (Ctrl/⌘-click or
 * Ctrl/⌘-Enter opens it in a new tab).
 *
 * Styling: inside the shadow root only (constructable stylesheet, or a <style> element fallback).
 * Theme from the host page with CSS custom properties on the host or any ancestor:
 *   --kensaku-font --kensaku-font-size --kensaku-fg --kensaku-muted --kensaku-bg --kensaku-border
 *   --kensaku-accent --kensaku-active-bg --kensaku-mark-bg --kensaku-error --kensaku-radius
 *   --kensaku-max-height --kensaku-z
 * or with ::part(input|listbox|option|title|path|snippet|error|empty).
 *
 * Safety: title / headingPath are inserted with textContent only; the snippet (HTML-escaped by the
 * server except <mark> and <strong>) is re-checked: every "<" not starting exactly one of them is escaped.
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
      label: o.label ? String(o.label) : o.placeholder ? String(o.placeholder) : "サイト内検索"
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
      api: ds.api
    };
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
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
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
    input.addEventListener("blur", close);
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
    wrap.appendChild(listbox);
    wrap.appendChild(live);
    root.appendChild(wrap);
    return { input, listbox, live };
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
    ".sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;",
    "clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    '@media (forced-colors:active){.option[aria-selected="true"]{outline:2px solid Highlight}',
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
    const { input, listbox, live } = buildShell(root, opts, uid + "-listbox");
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
      cleared: reset
    });
    function clearList() {
      box.clear();
      hits = [];
    }
    function showHits(q, list) {
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
      finish(q, "done");
      live.textContent = countText(list.length);
    }
    function showError(q, code, message) {
      clearList();
      listbox.appendChild(renderError(code, message));
      finish(q, "error");
      live.textContent = message;
    }
    function finish(q, state) {
      renderedQuery = q;
      listbox.setAttribute("data-state", state);
      listbox.setAttribute("data-query", q);
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
      const answer = client.search({ q, mode: opts.mode, limit: opts.limit, groupBy: opts.groupBy || void 0 });
      listbox.setAttribute("data-state", "loading");
      listbox.setAttribute("aria-busy", "true");
      return answer.then((outcome) => {
        if (!outcome || destroyed) return;
        if (outcome.ok) {
          const degraded = outcome.body.degraded;
          if (Array.isArray(degraded) && degraded.length) listbox.setAttribute("data-degraded", degraded.join(","));
          else listbox.removeAttribute("data-degraded");
          showHits(q, outcome.body.hits);
          return;
        }
        const { code, message } = failureMessage(outcome.failure);
        listbox.removeAttribute("data-degraded");
        showError(q, code, message);
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
