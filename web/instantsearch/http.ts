import type { KensakuSuggestion } from './suggestions.ts';
import type { KensakuResponse } from './types.ts';
import { consoleText, sendableKey, whyUnanswered } from '../shared/unanswered.ts';

// GET <url>/search (and /suggest) with the key; every way it can fail becomes an Error saying what kensaku answered.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const failure = (kind: string, status = 0) => ({ kind, status, code: null as string | null, message: null });

export async function getSearch(
  base: string,
  apiKey: string | undefined,
  queryString: string,
): Promise<KensakuResponse> {
  const body = await getJson(base, apiKey, '/search', queryString, (b) => Array.isArray(b.hits));
  return body as unknown as KensakuResponse;
}

/** GET <url>/suggest: { query, suggestions: [{ text, source, highlighted? }] }. */
export async function getSuggest(
  base: string,
  apiKey: string | undefined,
  queryString: string,
): Promise<{ suggestions: KensakuSuggestion[] }> {
  const body = await getJson(base, apiKey, '/suggest', queryString, (b) => Array.isArray(b.suggestions));
  return body as unknown as { suggestions: KensakuSuggestion[] };
}

async function getJson(
  base: string,
  apiKey: string | undefined,
  path: string,
  queryString: string,
  valid: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (apiKey && !sendableKey(apiKey))
    throw new Error(`kensaku instantsearch: ${consoleText(failure('bad_key'), base)}`);
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${base}${path}?${queryString}`, { headers });
  } catch {
    throw new Error(`kensaku instantsearch: ${consoleText(failure(await whyUnanswered(base)), base)}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = isRecord(body) && isRecord(body.error) ? body.error : null;
    const f = { ...failure('http', res.status), code: err ? String(err.code) : null };
    throw new Error(
      `kensaku instantsearch: ${path} answered ${res.status}${err ? ` ${String(err.code)}: ${String(err.message)}` : ''} (${consoleText(f, base)})`,
    );
  }
  if (!isRecord(body) || !valid(body))
    throw new Error(`kensaku instantsearch: ${path} answered ${res.status} without a ${path.slice(1)} response`);
  return body;
}
