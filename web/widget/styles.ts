// The widget's styles live in its shadow root only; the host page themes it with --kensaku-* properties or ::part().

const CSS = [
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
  // The suggestions' group above the hits: one line each, a rule under the group.
  '.group{display:block;margin:0 0 4px;padding:0 0 4px;border-bottom:1px solid var(--kensaku-border,#c5cad3)}',
  '.group:last-child{margin:0;padding:0;border-bottom:0}',
  '.group-label{display:block;padding:.15em .7em;font-size:.75em;color:var(--kensaku-muted,#6b7280)}',
  '.group-list{margin:0;padding:0;list-style:none}',
  '.suggestion{padding:.3em .7em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
  '.suggestion mark{background:transparent;font-weight:700;padding:0}',
  '.title{display:block;font-weight:600;line-height:1.45}',
  '.path{display:block;margin-top:1px;font-size:.78em;color:var(--kensaku-muted,#6b7280)}',
  '.snippet{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;',
  'margin-top:2px;font-size:.85em}',
  'mark{background:var(--kensaku-mark-bg,#fff1a8);color:inherit;padding:0 .1em;border-radius:2px;font-weight:600}',
  // The answer sentence: underlined rather than coloured, so the query's marks inside it still show.
  'strong{font-weight:600;text-decoration:underline;text-decoration-color:var(--kensaku-accent,#2563eb);text-underline-offset:.2em}',
  '.msg{display:block;margin:0;padding:.5em .7em;font-size:.85em;color:var(--kensaku-muted,#6b7280)}',
  '.msg.error{color:var(--kensaku-error,#b3261e)}',
  // With the facet option the panel is the dropdown: the chips' bar on top, the listbox under it.
  '.panel{position:absolute;z-index:var(--kensaku-z,2147483000);top:calc(100% + 4px);left:0;right:0;',
  'box-shadow:0 8px 24px rgba(0,0,0,.14);border-radius:var(--kensaku-radius,8px)}',
  '.panel>.listbox{position:static;box-shadow:none}',
  '.facets{display:flex;flex-wrap:wrap;align-items:center;gap:4px;padding:6px 8px;background:var(--kensaku-bg,#fff);',
  'border:1px solid var(--kensaku-border,#c5cad3);border-bottom:0;',
  'border-radius:var(--kensaku-radius,8px) var(--kensaku-radius,8px) 0 0}',
  '.facets:not([hidden])+.listbox{border-top-left-radius:0;border-top-right-radius:0}',
  '.chip{display:inline-flex;align-items:baseline;gap:.35em;margin:0;padding:.1em .65em;font:inherit;font-size:.8em;',
  'line-height:1.6;color:inherit;background:transparent;border:1px solid var(--kensaku-border,#c5cad3);',
  'border-radius:999px;cursor:pointer}',
  '.chip:hover{background:var(--kensaku-active-bg,#e8f0fe)}',
  '.chip:focus-visible{outline:2px solid var(--kensaku-accent,#0b57d0);outline-offset:1px}',
  '.chip[aria-pressed="true"]{color:#fff;background:var(--kensaku-accent,#0b57d0);border-color:var(--kensaku-accent,#0b57d0)}',
  '.chip-count{font-size:.9em;opacity:.75}',
  '.estimated{font-size:.8em;color:var(--kensaku-muted,#6b7280);cursor:help}',
  '.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;',
  'clip:rect(0 0 0 0);white-space:nowrap;border:0}',
  '@media (forced-colors:active){.option[aria-selected="true"],.chip[aria-pressed="true"]{outline:2px solid Highlight}',
  'mark{forced-color-adjust:none;background:Mark;color:MarkText}}',
].join('');

// One constructed sheet shared by every widget on the page.
let sharedSheet: CSSStyleSheet | null = null;

export function applyStyles(root: ShadowRoot): void {
  try {
    if (
      'adoptedStyleSheets' in root &&
      typeof CSSStyleSheet === 'function' &&
      'replaceSync' in CSSStyleSheet.prototype
    ) {
      if (!sharedSheet) {
        sharedSheet = new CSSStyleSheet();
        sharedSheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sharedSheet];
      return;
    }
  } catch {
    // fall back to a <style> element
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.appendChild(style);
}
