import { filterable } from './attributes.ts';
import type { FacetFilters, NumericFilters } from './types.ts';

// InstantSearch's facetFilters, numericFilters and filters → one Meilisearch filter string for kensaku's `filter`.
// Attribute names come only from the allow-list, every string value is a quoted literal and every number is checked,
// so nothing a user clicks or types can change the shape of the expression.

/** A Meilisearch string literal: double quotes, with backslash and double quote escaped. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** "tags:外交" → tags = "外交"; "tags:-外交" or "-tags:外交" → NOT tags = "外交"; "tags:\-x" is the value "-x". */
export function facetClause(filter: string): string {
  let negated = false;
  let rest = filter;
  if (rest.charAt(0) === '-') {
    negated = true;
    rest = rest.slice(1);
  }
  const colon = rest.indexOf(':');
  if (colon < 0)
    throw new Error(`kensaku instantsearch: facet filter ${JSON.stringify(filter)} is not "attribute:value"`);
  const attribute = filterable(rest.slice(0, colon).trim(), 'a facet filter');
  let value = rest.slice(colon + 1);
  if (value.charAt(0) === '-') {
    negated = !negated;
    value = value.slice(1);
  } else if (value.slice(0, 2) === '\\-') {
    value = value.slice(1); // the helper escapes a value's own leading "-" as "\-"
  }
  const clause = `${attribute} = ${quote(value)}`;
  return negated ? `NOT ${clause}` : clause;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as Meilisearch reads it unquoted: finite and without an exponent (its parser stops at "+"). */
export function numberLiteral(raw: string, filter: string): string {
  const n = NUMBER.test(raw.trim()) ? Number(raw) : NaN;
  const text = String(n);
  if (!Number.isFinite(n) || /e/i.test(text))
    throw new Error(
      `kensaku instantsearch: ${JSON.stringify(raw)} in numeric filter ${JSON.stringify(filter)} is not a usable number`,
    );
  return text;
}

const COMPARISON = /^\s*([^\s<>=!:]+)\s*(<=|>=|!=|<|>|=)\s*(\S+)\s*$/;
const RANGE = /^\s*([^\s<>=!:]+)\s*:\s*(\S+)\s+TO\s+(\S+)\s*$/;

/** "ordinal>=3" → ordinal >= 3; "ordinal:1 TO 5" → ordinal 1 TO 5 (both ends included, as in InstantSearch). */
export function numericClause(filter: string): string {
  const range = RANGE.exec(filter);
  if (range) {
    const attribute = filterable(range[1], 'a numeric filter');
    return `${attribute} ${numberLiteral(range[2], filter)} TO ${numberLiteral(range[3], filter)}`;
  }
  const m = COMPARISON.exec(filter);
  if (!m)
    throw new Error(
      `kensaku instantsearch: numeric filter ${JSON.stringify(filter)} is not "attribute<op>number" or "attribute:low TO high"`,
    );
  return `${filterable(m[1], 'a numeric filter')} ${m[2]} ${numberLiteral(m[3], filter)}`;
}

/** A string is one condition, an inner array an OR of them, the outer array an AND of those. */
function conjunction(filters: FacetFilters | NumericFilters | undefined, clause: (f: string) => string): string[] {
  if (filters === undefined || filters === null) return [];
  const outer = typeof filters === 'string' ? [filters] : filters;
  if (!Array.isArray(outer)) throw new Error('kensaku instantsearch: filters must be a string or an array');
  const parts: string[] = [];
  for (const item of outer) {
    if (typeof item === 'string') {
      parts.push(clause(item));
      continue;
    }
    if (!Array.isArray(item)) throw new Error('kensaku instantsearch: a filter group must be an array of strings');
    const ors = item.map((f) => {
      if (typeof f !== 'string') throw new Error('kensaku instantsearch: nested filter groups are not supported');
      return clause(f);
    });
    if (ors.length === 1) parts.push(ors[0]);
    else if (ors.length > 1) parts.push(`(${ors.join(' OR ')})`);
  }
  return parts;
}

/**
 * A caller's own `filters` string, kept whole in parentheses. It may only be given as a balanced expression (quotes
 * closed, parentheses matched outside them), so it cannot close the group and reach the clauses around it.
 */
export function groupedFilters(raw: string): string {
  let depth = 0;
  let inQuote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === inQuote) inQuote = '';
    } else if (c === '"' || c === "'") inQuote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
  }
  if (inQuote || depth !== 0)
    throw new Error(`kensaku instantsearch: filters ${JSON.stringify(raw)} has unbalanced quotes or parentheses`);
  return `(${raw})`;
}

export interface FilterParams {
  facetFilters?: FacetFilters;
  numericFilters?: NumericFilters;
  filters?: string;
}

/** The one `filter` for kensaku, or undefined when nothing is filtered. */
export function buildFilter(params: FilterParams): string | undefined {
  if (params.filters !== undefined && typeof params.filters !== 'string')
    throw new Error('kensaku instantsearch: filters must be a string');
  const parts = [
    ...(typeof params.filters === 'string' && params.filters.trim() ? [groupedFilters(params.filters.trim())] : []),
    ...conjunction(params.facetFilters, facetClause),
    ...conjunction(params.numericFilters, numericClause),
  ];
  return parts.length ? parts.join(' AND ') : undefined;
}
