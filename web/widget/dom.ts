// Element helpers for the widget.

/** An element with attributes; null or undefined values are left out. */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | null | undefined>,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs) {
    for (const k in attrs) {
      const v = attrs[k];
      if (Object.prototype.hasOwnProperty.call(attrs, k) && v != null) node.setAttribute(k, v);
    }
  }
  return node;
}

/** The element embedders see: <div class="kensaku-widget" data-testid="kensaku-widget">, the shadow root's host. */
export function createHost(): HTMLDivElement {
  const host = document.createElement('div');
  host.className = 'kensaku-widget';
  host.setAttribute('data-testid', 'kensaku-widget');
  return host;
}
