import type { KensakuResponse } from './types.ts';
import { consoleText, sendableKey, whyUnanswered } from '../shared/unanswered.ts';

// GET <url>/search with the key; every way it can fail becomes an Error saying what kensaku answered.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

const failure = (kind: string, status = 0) => ({ kind, status, code: null as string | null, message: null });

export async function getSearch(
  base: string,
  apiKey: string | undefined,
  queryString: string,
): Promise<KensakuResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (apiKey && !sendableKey(apiKey))
    throw new Error(`kensaku instantsearch: ${consoleText(failure('bad_key'), base)}`);
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${base}/search?${queryString}`, { headers });
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
      `kensaku instantsearch: /search answered ${res.status}${err ? ` ${String(err.code)}: ${String(err.message)}` : ''} (${consoleText(f, base)})`,
    );
  }
  if (!isRecord(body) || !Array.isArray(body.hits))
    throw new Error(`kensaku instantsearch: /search answered ${res.status} without a search response`);
  return body as unknown as KensakuResponse;
}
