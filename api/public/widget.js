/*!
 * kensaku embeddable search box (served at GET /widget.js). Plain browser JS, no dependencies.
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
 * server except <mark>) is re-checked: every "<" not starting exactly "<mark>" or "</mark>" is escaped.
 */
(function () {
  'use strict';

  if (typeof window === 'undefined' || typeof document === 'undefined') return;

  var VERSION = '1.0.0';
  var MODES = ['hybrid', 'keyword', 'semantic'];
  var EMPTY_TEXT = '該当する結果はありません';

  // Must be read synchronously while the script is executing.
  var thisScript = document.currentScript || findOwnScript();

  var Kensaku = (window.Kensaku = window.Kensaku || {});
  Kensaku.version = VERSION;
  Kensaku.instances = Kensaku.instances || [];
  Kensaku._seq = Kensaku._seq || 0;
  Kensaku.mount = function (target, options) {
    var parent = typeof target === 'string' ? document.querySelector(target) : target;
    if (!parent || parent.nodeType !== 1) throw new Error('Kensaku.mount: target element not found');
    var host = createHost();
    parent.appendChild(host);
    return createWidget(host, normalizeOptions(options || {}, null));
  };

  // ------------------------------------------------------------------ styles

  var CSS = [
    ':host{all:initial;display:block;position:relative;box-sizing:border-box;',
    'font-family:var(--kensaku-font,system-ui,-apple-system,"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP","Noto Sans CJK JP","Yu Gothic UI","Yu Gothic",Meiryo,sans-serif);',
    'font-size:var(--kensaku-font-size,16px);line-height:1.6;color:var(--kensaku-fg,#1f2328);text-align:left;}',
    ':host([hidden]){display:none}',
    '*,*::before,*::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.kensaku{position:relative}',
    '.input{display:block;width:100%;margin:0;padding:.55em .85em;font:inherit;color:inherit;',
    'background:var(--kensaku-bg,#fff);border:1px solid var(--kensaku-border,#c5cad3);',
    'border-radius:var(--kensaku-radius,8px);-webkit-appearance:none;appearance:none}',
    '.input::placeholder{color:var(--kensaku-muted,#6b7280);opacity:1}',
    '.input:focus{outline:2px solid var(--kensaku-accent,#0b57d0);outline-offset:0;border-color:transparent}',
    '.listbox{position:absolute;z-index:var(--kensaku-z,2147483000);top:calc(100% + 4px);left:0;right:0;',
    'margin:0;padding:4px;list-style:none;max-height:var(--kensaku-max-height,26em);overflow-y:auto;',
    'overscroll-behavior:contain;background:var(--kensaku-bg,#fff);border:1px solid var(--kensaku-border,#c5cad3);',
    'border-radius:var(--kensaku-radius,8px);box-shadow:0 8px 24px rgba(0,0,0,.14)}',
    '.listbox[aria-busy="true"]{opacity:.7}',
    '.option{display:block;margin:0;padding:.5em .7em;border-radius:6px;cursor:pointer;',
    'line-break:strict;overflow-wrap:anywhere}',
    '.option+.option{margin-top:2px}',
    '.option[aria-selected="true"]{background:var(--kensaku-active-bg,#e8f0fe)}',
    '.title{display:block;font-weight:600;line-height:1.45}',
    '.path{display:block;margin-top:1px;font-size:.78em;color:var(--kensaku-muted,#6b7280)}',
    '.snippet{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;',
    'margin-top:2px;font-size:.85em}',
    'mark{background:var(--kensaku-mark-bg,#fff1a8);color:inherit;padding:0 .1em;border-radius:2px;font-weight:600}',
    '.msg{display:block;margin:0;padding:.5em .7em;font-size:.85em;color:var(--kensaku-muted,#6b7280)}',
    '.msg.error{color:var(--kensaku-error,#b3261e)}',
    '.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;',
    'clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    '@media (forced-colors:active){.option[aria-selected="true"]{outline:2px solid Highlight}',
    'mark{forced-color-adjust:none;background:Mark;color:MarkText}}'
  ].join('');

  var sharedSheet = null;

  function applyStyles(root) {
    try {
      if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' &&
          'replaceSync' in CSSStyleSheet.prototype) {
        if (!sharedSheet) {
          sharedSheet = new CSSStyleSheet();
          sharedSheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = [sharedSheet];
        return;
      }
    } catch (e) {
      /* fall back to a <style> element */
    }
    var style = document.createElement('style');
    style.textContent = CSS;
    root.appendChild(style);
  }

  // ------------------------------------------------------------------ helpers

  function findOwnScript() {
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src || '')) return scripts[i];
    }
    return null;
  }

  /** Re-escape any "<" that is not exactly the start of <mark> or </mark>. */
  function sanitizeSnippet(html) {
    return String(html == null ? '' : html).replace(/<(?!\/?mark>)/g, '&lt;');
  }

  /** Only http(s) URLs are followed (no javascript:, data:, ...). */
  function safeUrl(raw) {
    if (typeof raw !== 'string' || raw.replace(/\s+/g, '') === '') return null;
    try {
      var u = new URL(raw, window.location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function toInt(v, def, min, max) {
    var n = parseInt(v, 10);
    if (isNaN(n)) return def;
    return Math.min(max, Math.max(min, n));
  }

  function normalizeOptions(o, script) {
    var api = o.api || null;
    if (!api && script && script.src) {
      try {
        api = new URL(script.src, window.location.href).origin;
      } catch (e) {
        api = null;
      }
    }
    if (!api) api = window.location.origin;
    api = String(api).replace(/\/+$/, '');
    return {
      api: api,
      key: o.key ? String(o.key) : '',
      limit: toInt(o.limit, 5, 1, 50),
      mode: MODES.indexOf(o.mode) >= 0 ? o.mode : 'hybrid',
      placeholder: o.placeholder != null ? String(o.placeholder) : '検索',
      debounce: toInt(o.debounce, 200, 0, 5000),
      minLength: toInt(o.minLength, 1, 1, 100),
      groupBy: o.groupBy === 'document' ? 'document' : '',
      label: o.label ? String(o.label) : (o.placeholder ? String(o.placeholder) : 'サイト内検索')
    };
  }

  function createHost() {
    var host = document.createElement('div');
    host.className = 'kensaku-widget';
    host.setAttribute('data-testid', 'kensaku-widget');
    return host;
  }

  function make(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] != null) node.setAttribute(k, attrs[k]);
      }
    }
    return node;
  }

  // ------------------------------------------------------------------ widget

  function createWidget(host, opts) {
    if (!host.attachShadow) {
      if (window.console) console.warn('kensaku widget: Shadow DOM is not supported by this browser');
      return null;
    }
    var uid = 'kensaku-' + (++Kensaku._seq);
    var listId = uid + '-listbox';
    var root = host.attachShadow({ mode: 'open' });
    applyStyles(root);

    var wrap = make('div', { 'class': 'kensaku', part: 'root' });
    var input = make('input', {
      'class': 'input',
      part: 'input',
      type: 'text',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      'aria-label': opts.label,
      placeholder: opts.placeholder,
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      'data-testid': 'kensaku-input'
    });
    var listbox = make('ul', {
      id: listId,
      'class': 'listbox',
      part: 'listbox',
      role: 'listbox',
      'aria-label': opts.label + 'の候補',
      'data-testid': 'kensaku-results',
      'data-state': 'idle'
    });
    listbox.hidden = true;
    var live = make('div', {
      'class': 'sr-only',
      role: 'status',
      'aria-live': 'polite',
      'data-testid': 'kensaku-status'
    });
    wrap.appendChild(input);
    wrap.appendChild(listbox);
    wrap.appendChild(live);
    root.appendChild(wrap);

    var hits = [];          // hits currently rendered
    var options = [];       // their <li role=option> elements
    var active = -1;        // index of the active option, -1 = none
    var renderedQuery = null; // query whose answer (hits, empty or error) is in the listbox
    var timer = null;
    var controller = null;
    var seq = 0;
    var composing = false;
    var destroyed = false;
    var forceOpen = false;  // instance.search(): show the answer even without focus

    // ---- open / close / active option

    function isOpen() {
      return !listbox.hidden;
    }

    function open() {
      if (listbox.hidden) listbox.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }

    function setActive(i) {
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = i >= 0 && i < options.length ? i : -1;
      if (active < 0) {
        input.removeAttribute('aria-activedescendant');
        return;
      }
      var opt = options[active];
      opt.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', opt.id);
      // keep it visible without scrolling the host page
      var top = opt.offsetTop;
      var bottom = top + opt.offsetHeight;
      if (top < listbox.scrollTop) listbox.scrollTop = top;
      else if (bottom > listbox.scrollTop + listbox.clientHeight) listbox.scrollTop = bottom - listbox.clientHeight;
    }

    function move(delta) {
      var q = input.value.trim();
      if (!isOpen()) {
        if (renderedQuery !== null && renderedQuery === q) {
          open();
        } else {
          if (q.length >= opts.minLength) runNow();
          return;
        }
      }
      var n = options.length;
      if (n === 0) return;
      if (active < 0) setActive(delta > 0 ? 0 : n - 1);
      else setActive((active + delta + n) % n);
    }

    // ---- rendering

    function clearList() {
      listbox.textContent = '';
      hits = [];
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }

    function renderHits(q, list) {
      clearList();
      hits = list;
      for (var i = 0; i < list.length; i++) {
        var hit = list[i] || {};
        var li = make('li', {
          id: uid + '-opt-' + i,
          'class': 'option',
          part: 'option',
          role: 'option',
          'aria-selected': 'false',
          'data-testid': 'kensaku-hit',
          'data-index': String(i)
        });
        if (hit.chunkId != null) li.setAttribute('data-chunk-id', String(hit.chunkId));
        if (hit.documentId != null) li.setAttribute('data-document-id', String(hit.documentId));
        var href = safeUrl(hit.url);
        if (href) li.setAttribute('data-url', href);

        var title = make('span', { 'class': 'title', part: 'title', 'data-testid': 'kensaku-title' });
        title.textContent = hit.title ? String(hit.title) : String(hit.documentId || '(無題)');
        li.appendChild(title);

        var path = Array.isArray(hit.headingPath)
          ? hit.headingPath.filter(function (h) { return h != null && h !== ''; })
          : [];
        if (path.length) {
          var p = make('span', { 'class': 'path', part: 'path', 'data-testid': 'kensaku-heading-path' });
          p.textContent = path.map(String).join(' › ');
          li.appendChild(p);
        }

        var snip = make('span', { 'class': 'snippet', part: 'snippet', 'data-testid': 'kensaku-snippet' });
        if (typeof hit.snippet === 'string' && hit.snippet !== '') {
          snip.innerHTML = sanitizeSnippet(hit.snippet);
        } else if (typeof hit.text === 'string') {
          snip.textContent = hit.text.length > 120 ? hit.text.slice(0, 120) + '…' : hit.text;
        }
        if (snip.firstChild) li.appendChild(snip);

        listbox.appendChild(li);
        options.push(li);
      }
      if (list.length === 0) {
        var empty = make('li', { 'class': 'msg empty', part: 'empty', role: 'none', 'data-testid': 'kensaku-empty' });
        empty.textContent = EMPTY_TEXT;
        listbox.appendChild(empty);
      }
      finish(q, 'done');
      live.textContent = list.length ? list.length + ' 件の候補があります。上下キーで選択できます。' : EMPTY_TEXT;
    }

    function renderError(q, code, message) {
      clearList();
      var li = make('li', { 'class': 'msg error', part: 'error', role: 'none', 'data-testid': 'kensaku-error' });
      if (code) li.setAttribute('data-code', code);
      li.textContent = message;
      listbox.appendChild(li);
      finish(q, 'error');
      live.textContent = message;
    }

    function finish(q, state) {
      renderedQuery = q;
      listbox.setAttribute('data-state', state);
      listbox.setAttribute('data-query', q);
      listbox.removeAttribute('aria-busy');
      listbox.scrollTop = 0;
      if (input.value.trim() === q && (isFocused() || forceOpen)) open();
      forceOpen = false;
    }

    function isFocused() {
      return root.activeElement === input;
    }

    function reset() {
      forceOpen = false;
      cancelPending();
      clearList();
      renderedQuery = null;
      listbox.setAttribute('data-state', 'idle');
      listbox.removeAttribute('data-query');
      live.textContent = '';
      close();
    }

    // ---- searching

    function cancelPending() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      if (controller) {
        controller.abort();
        controller = null;
      }
      seq++;
      listbox.removeAttribute('aria-busy');
    }

    function schedule() {
      if (destroyed) return;
      var q = input.value.trim();
      if (q.length < opts.minLength) {
        reset();
        return;
      }
      if (q === renderedQuery && !timer && !controller) {
        open(); // e.g. trailing space typed: same query, keep the answer
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
      var q = input.value.trim();
      if (q.length < opts.minLength) {
        reset();
        return Promise.resolve();
      }
      return search(q);
    }

    function search(q) {
      if (controller) controller.abort();
      var my = ++seq;
      var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
      controller = ctrl;
      listbox.setAttribute('data-state', 'loading');
      listbox.setAttribute('aria-busy', 'true');

      var params = 'q=' + encodeURIComponent(q) +
        '&mode=' + encodeURIComponent(opts.mode) +
        '&limit=' + opts.limit +
        (opts.groupBy ? '&groupBy=' + opts.groupBy : '');
      var headers = { Accept: 'application/json' };
      if (opts.key) headers.Authorization = 'Bearer ' + opts.key;

      var status = 0;
      return fetch(opts.api + '/search?' + params, {
        method: 'GET',
        mode: 'cors',
        credentials: 'omit',
        headers: headers,
        signal: ctrl ? ctrl.signal : undefined
      })
        .then(function (res) {
          status = res.status;
          return res.json().then(
            function (body) { return body; },
            function () { return null; }
          );
        })
        .then(function (body) {
          if (my !== seq || destroyed) return; // stale answer
          controller = null;
          if (status >= 200 && status < 300 && body && Array.isArray(body.hits)) {
            if (Array.isArray(body.degraded) && body.degraded.length) {
              listbox.setAttribute('data-degraded', body.degraded.join(','));
            } else {
              listbox.removeAttribute('data-degraded');
            }
            renderHits(q, body.hits);
            return;
          }
          var err = body && body.error ? body.error : {};
          var code = err.code ? String(err.code) : (status ? 'http_' + status : 'bad_response');
          var msg;
          if (status === 401 || status === 403) msg = '検索キーが無効です';
          else if (status === 429) msg = '検索が混み合っています。しばらくしてからお試しください';
          else if (err.message) msg = String(err.message);
          else msg = '検索できませんでした' + (status ? ' (HTTP ' + status + ')' : '');
          listbox.removeAttribute('data-degraded');
          renderError(q, code, msg);
        })
        .catch(function (e) {
          if ((e && e.name === 'AbortError') || my !== seq || destroyed) return;
          controller = null;
          renderError(q, 'network_error', '検索サーバーに接続できませんでした');
        });
    }

    // ---- selection

    function select(i, ev) {
      var hit = hits[i];
      if (!hit) return;
      var detail = {};
      for (var k in hit) {
        if (Object.prototype.hasOwnProperty.call(hit, k)) detail[k] = hit[k];
      }
      detail.query = renderedQuery;
      var evt;
      try {
        evt = new CustomEvent('kensaku:select', { detail: detail, bubbles: true, composed: true, cancelable: true });
      } catch (e) {
        evt = document.createEvent('CustomEvent');
        evt.initCustomEvent('kensaku:select', true, true, detail);
      }
      var proceed = host.dispatchEvent(evt);
      close();
      var href = safeUrl(hit.url);
      if (!href || !proceed) return;
      if (ev && (ev.ctrlKey || ev.metaKey)) window.open(href, '_blank', 'noopener');
      else window.location.assign(href);
    }

    // ---- events

    function onInput(e) {
      if (composing || (e && e.isComposing)) return; // wait for compositionend
      schedule();
    }

    function onCompositionStart() {
      composing = true;
    }

    function onCompositionEnd() {
      composing = false;
      schedule();
    }

    function onKeyDown(e) {
      if (e.isComposing || e.keyCode === 229) return; // keys belong to the IME
      switch (e.key) {
        case 'ArrowDown':
        case 'Down':
          e.preventDefault();
          move(1);
          break;
        case 'ArrowUp':
        case 'Up':
          e.preventDefault();
          move(-1);
          break;
        case 'Enter':
          if (isOpen() && active >= 0) {
            e.preventDefault();
            select(active, e);
          }
          break;
        case 'Escape':
        case 'Esc':
          if (isOpen()) {
            e.preventDefault();
            close();
          } else if (input.value) {
            e.preventDefault();
            input.value = '';
            reset();
          }
          break;
        default:
          break;
      }
    }

    function optionIndex(target) {
      var node = target;
      while (node && node !== listbox) {
        if (node.getAttribute && node.getAttribute('role') === 'option') {
          return parseInt(node.getAttribute('data-index'), 10);
        }
        node = node.parentNode;
      }
      return -1;
    }

    function onListMouseDown(e) {
      e.preventDefault(); // keep focus in the input so the list does not close on blur
    }

    function onListClick(e) {
      var i = optionIndex(e.target);
      if (i >= 0) {
        setActive(i);
        select(i, e);
      }
    }

    function onListMouseMove(e) {
      var i = optionIndex(e.target);
      if (i >= 0 && i !== active) setActive(i);
    }

    function onFocus() {
      if (renderedQuery !== null && renderedQuery === input.value.trim()) open();
    }

    function onBlur() {
      close();
    }

    input.addEventListener('input', onInput);
    input.addEventListener('compositionstart', onCompositionStart);
    input.addEventListener('compositionend', onCompositionEnd);
    input.addEventListener('keydown', onKeyDown);
    input.addEventListener('focus', onFocus);
    input.addEventListener('blur', onBlur);
    listbox.addEventListener('mousedown', onListMouseDown);
    listbox.addEventListener('click', onListClick);
    listbox.addEventListener('mousemove', onListMouseMove);

    var instance = {
      host: host,
      root: root,
      input: input,
      listbox: listbox,
      options: opts,
      /** Run a search immediately (sets the input value). Resolves when rendered. */
      search: function (q) {
        input.value = q == null ? '' : String(q);
        forceOpen = true;
        return runNow();
      },
      close: close,
      destroy: function () {
        destroyed = true;
        cancelPending();
        if (host.parentNode) host.parentNode.removeChild(host);
        var idx = Kensaku.instances.indexOf(instance);
        if (idx >= 0) Kensaku.instances.splice(idx, 1);
      }
    };
    host.kensaku = instance;
    Kensaku.instances.push(instance);
    return instance;
  }

  // ------------------------------------------------------------------ auto-mount from <script>

  function autoMount(script) {
    if (!script || script.getAttribute('data-kensaku-mounted') === 'true') return;
    script.setAttribute('data-kensaku-mounted', 'true');
    var ds = script.dataset || {};
    var opts = normalizeOptions({
      key: ds.key,
      limit: ds.limit,
      mode: ds.mode,
      placeholder: ds.placeholder,
      debounce: ds.debounce,
      minLength: ds.minLength,
      groupBy: ds.groupBy,
      label: ds.label,
      api: ds.api
    }, script);
    var selector = ds.target;

    function place() {
      var host = createHost();
      var target = null;
      if (selector) {
        try {
          target = document.querySelector(selector);
        } catch (e) {
          target = null;
        }
        if (!target && window.console) console.warn('kensaku widget: data-target "' + selector + '" not found; inserting after the script');
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
      createWidget(host, opts);
    }

    var needsDom = (selector && !safeQuery(selector)) ||
      (!selector && (!script.parentNode || script.parentNode === document.head));
    if (needsDom && document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', place);
    } else {
      place();
    }
  }

  function safeQuery(selector) {
    try {
      return document.querySelector(selector);
    } catch (e) {
      return null;
    }
  }

  if (thisScript && thisScript.src) autoMount(thisScript);
})();
