import type { RawOptions, WidgetOptions } from './options.ts';

// window.Kensaku, the widget's only global; shared by every copy of widget.js loaded on a page.

export interface WidgetInstance {
  host: HTMLElement;
  root: ShadowRoot;
  input: HTMLInputElement;
  listbox: HTMLUListElement;
  options: WidgetOptions;
  /** Runs a search at once (sets the input's value); resolves once the answer is rendered. */
  search(q: unknown): Promise<void>;
  close(): void;
  destroy(): void;
}

export interface KensakuNamespace {
  version: string;
  instances: WidgetInstance[];
  /** Counter for element ids, unique across instances. */
  _seq: number;
  mount(target: string | Element, options?: RawOptions): WidgetInstance | null;
}

declare global {
  interface Window {
    Kensaku?: KensakuNamespace;
  }
}

/** The host element carries its instance, for embedders' scripts. */
export type WidgetHost = HTMLElement & { kensaku?: WidgetInstance };
