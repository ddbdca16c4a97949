// A fetch that gets no answer fails alike whether the server is down or the browser hid its answer for CORS. A
// no-cors request is never refused for CORS (its answer is just opaque): if one gets through, the server is up, and
// CORS was what failed. A header value beyond ISO-8859-1 (a placeholder such as 「検索キー」) makes fetch throw before
// anything is sent, which looks the same again: it is checked first.

/** Why a search got no HTTP answer. */
export type Unanswered = 'bad_key' | 'cors' | 'unreachable';

/** Whether a key can be sent in an Authorization header. */
export function sendableKey(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 0xff || c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** Asks `${api}/health` without CORS: answered means reachable (so CORS refused the search), not answered means down. */
export async function whyUnanswered(api: string, timeoutMs = 3000): Promise<'cors' | 'unreachable'> {
  if (typeof location !== 'undefined' && sameOrigin(api)) return 'unreachable';
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : null;
  try {
    await fetch(`${api}/health`, { mode: 'no-cors', cache: 'no-store', signal: ctrl ? ctrl.signal : undefined });
    return 'cors';
  } catch {
    return 'unreachable';
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function sameOrigin(api: string): boolean {
  try {
    return new URL(api, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** The page's origin, as CORS_ORIGINS or a key's origins would have to name it. */
export function pageOrigin(): string {
  return typeof location !== 'undefined' ? location.origin : '';
}

/** One line for the developer console: the cause and what to change. */
export function consoleText(
  f: { kind: string; status: number; code: string | null; message: string | null },
  api: string,
): string {
  if (f.kind === 'bad_key')
    return 'the API key holds characters an HTTP header cannot carry: is a placeholder left in the page (data-key, apiKey)?';
  if (f.kind === 'cors')
    return `${api} answers, but not to this page: add ${pageOrigin()} to the server's CORS_ORIGINS, or to the scoped key's origins`;
  if (f.kind === 'unreachable') return `no answer from ${api}: is the server running, and is the address right?`;
  if (f.code === 'key_expired') return 'the key has expired: mint a new one (POST /keys) and put it in the page';
  if (f.code === 'wrong_origin') return `the key is for other pages: ${f.message ?? ''}`;
  if (f.status === 401) return 'the key is not known to this server (deleted, or from another deployment)';
  if (f.status === 429) return 'rate limited: the key or this address sent more searches than its limit per minute';
  return `${api}/search answered ${f.status}${f.code ? ` ${f.code}` : ''}${f.message ? `: ${f.message}` : ''}`;
}
