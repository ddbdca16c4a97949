import type { KensakuResponse } from './types.ts';

// GET <url>/search with the key; every way it can fail becomes an Error saying what kensaku answered.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export async function getSearch(
  base: string,
  apiKey: string | undefined,
  queryString: string,
): Promise<KensakuResponse> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${base}/search?${queryString}`, { headers });
  } catch (e) {
    throw new Error(
      `kensaku instantsearch: no answer from ${base}/search (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const err = isRecord(body) && isRecord(body.error) ? body.error : null;
    throw new Error(
      `kensaku instantsearch: /search answered ${res.status}${err ? ` ${String(err.code)}: ${String(err.message)}` : ''}`,
    );
  }
  if (!isRecord(body) || !Array.isArray(body.hits))
    throw new Error(`kensaku instantsearch: /search answered ${res.status} without a search response`);
  return body as unknown as KensakuResponse;
}
