import type { SearchMode } from '../shared/client.ts';
import { isFacetAttribute } from '../shared/facet-filter.ts';

// Widget settings from Kensaku.mount(target, options) or the embedding <script>'s data-* attributes.

/** As given: strings from data-*, anything from a mount() caller. */
export interface RawOptions {
  key?: unknown;
  limit?: unknown;
  mode?: unknown;
  placeholder?: unknown;
  debounce?: unknown;
  minLength?: unknown;
  groupBy?: unknown;
  label?: unknown;
  api?: unknown;
  facet?: unknown;
  suggestions?: unknown;
}

export interface WidgetOptions {
  /** API origin, no trailing slash. */
  api: string;
  key: string;
  limit: number;
  mode: SearchMode;
  placeholder: string;
  debounce: number;
  minLength: number;
  groupBy: 'document' | '';
  /** Accessible name of the input. */
  label: string;
  /** The attribute whose values are chips above the results; '' for none. */
  facet: string;
  /** Suggestions shown above the hits as the user types (GET /suggest); 0: none. */
  suggestions: number;
}

const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];

function toInt(v: unknown, def: number, min: number, max: number): number {
  const n = parseInt(String(v), 10);
  if (Number.isNaN(n)) return def;
  return Math.min(max, Math.max(min, n));
}

function isMode(v: unknown): v is SearchMode {
  return MODES.indexOf(v as SearchMode) >= 0;
}

/** A plain attribute name, else '' (no chips, and a warning: a name the filter could not hold unquoted). */
function facetOption(v: unknown): string {
  if (v == null || v === '') return '';
  const name = String(v).trim();
  if (isFacetAttribute(name)) return name;
  if (window.console)
    console.warn(`kensaku widget: facet ${JSON.stringify(name)} is not an attribute name; showing no facet`);
  return '';
}

/** Defaults and bounds; the API defaults to the origin of the script's src, then to the page's. */
export function normalizeOptions(o: RawOptions, script: HTMLScriptElement | null): WidgetOptions {
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
    api: api.replace(/\/+$/, ''),
    key: o.key ? String(o.key) : '',
    limit: toInt(o.limit, 5, 1, 50),
    mode: isMode(o.mode) ? o.mode : 'hybrid',
    placeholder: o.placeholder != null ? String(o.placeholder) : '検索',
    debounce: toInt(o.debounce, 200, 0, 5000),
    minLength: toInt(o.minLength, 1, 1, 100),
    groupBy: o.groupBy === 'document' ? 'document' : '',
    label: o.label ? String(o.label) : o.placeholder ? String(o.placeholder) : 'サイト内検索',
    facet: facetOption(o.facet),
    suggestions: toInt(o.suggestions, 5, 0, 20),
  };
}

/** data-key, data-limit, ... of the embedding script (data-target is read by the mount). */
export function datasetOptions(script: HTMLScriptElement): RawOptions {
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
    facet: ds.facet,
    suggestions: ds.suggestions,
  };
}
