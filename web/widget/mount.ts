import { createHost } from './dom.ts';
import type { KensakuNamespace } from './namespace.ts';
import { datasetOptions, normalizeOptions } from './options.ts';
import { createWidget } from './widget.ts';

// Mounting: Kensaku.mount() for scripts, and the embedding <script data-*> itself.

/** The <script src=".../widget.js"> that is running, when document.currentScript is not available. */
export function findOwnScript(): HTMLScriptElement | null {
  const scripts = document.getElementsByTagName('script');
  for (let i = scripts.length - 1; i >= 0; i--) {
    if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src || '')) return scripts[i];
  }
  return null;
}

export function createMount(ns: KensakuNamespace): KensakuNamespace['mount'] {
  return (target, options) => {
    const parent = typeof target === 'string' ? document.querySelector(target) : target;
    if (parent?.nodeType !== 1) throw new Error('Kensaku.mount: target element not found');
    const host = createHost();
    parent.appendChild(host);
    return createWidget(host, normalizeOptions(options || {}, null), ns);
  };
}

function safeQuery(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

/** Mounts once per script: inside data-target, else right after the script, else at the end of <body>. */
export function autoMount(script: HTMLScriptElement, ns: KensakuNamespace): void {
  if (script.getAttribute('data-kensaku-mounted') === 'true') return;
  script.setAttribute('data-kensaku-mounted', 'true');
  const opts = normalizeOptions(datasetOptions(script), script);
  const selector = script.dataset?.target;

  function place(): void {
    const host = createHost();
    const target = selector ? safeQuery(selector) : null;
    if (selector && !target && window.console) {
      console.warn(`kensaku widget: data-target "${selector}" not found; inserting after the script`);
    }
    if (target) {
      target.appendChild(host);
    } else if (
      script.parentNode &&
      script.parentNode !== document.head &&
      script.parentNode !== document.documentElement
    ) {
      script.parentNode.insertBefore(host, script.nextSibling);
    } else if (document.body) {
      document.body.appendChild(host);
    } else {
      return;
    }
    createWidget(host, opts, ns);
  }

  // A target further down the page, or a script in <head>, waits for the document.
  const needsDom =
    (selector && !safeQuery(selector)) || (!selector && (!script.parentNode || script.parentNode === document.head));
  if (needsDom && document.readyState === 'loading') document.addEventListener('DOMContentLoaded', place);
  else place();
}
