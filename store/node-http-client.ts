import http from 'node:http';
import https from 'node:https';
import { setMaxListeners } from 'node:events';
import { MeilisearchApiError } from 'meilisearch';

/** What meilisearch-js passes its `httpClient`: fetch's arguments, with the timeout as `init.signal`. */
type FetchArgs = Parameters<typeof fetch>;

/**
 * meilisearch-js's `httpClient` over node:http keep-alive. With Node's fetch (undici), a search's POST to Meilisearch
 * waited ~45 ms on loopback in the bench probe (48.8 ms against 5.2 ms over node:http for the same legs; it looks like
 * a delayed-ACK stall). Errors keep meilisearch-js's types: a 4xx/5xx answer is a MeilisearchApiError (the client
 * wraps it as the `cause` of a MeilisearchRequestError), an abort is the signal's reason.
 */
export function nodeHttpClient(): (...args: FetchArgs) => Promise<unknown> {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  return (input, init) =>
    new Promise((resolveOuter, rejectOuter) => {
      // waitForTask passes one signal to every poll and meilisearch-js 0.62 leaves a listener on it per poll
      // (removed only on abort; the signal dies with the wait), so Node's 10-listener warning is noise here.
      const signal = init?.signal ?? undefined;
      if (signal) setMaxListeners(0, signal);
      const done = () => signal?.removeEventListener('abort', onAbort);
      const resolve = (v: unknown) => (done(), resolveOuter(v));
      const reject = (e: unknown) => (done(), rejectOuter(e));
      const url = new URL(input instanceof Request ? input.url : String(input));
      const transport = url.protocol === 'https:' ? https : http;
      const body = typeof init?.body === 'string' ? init.body : undefined;
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      if (signal?.aborted) return reject(signal.reason);
      const req = transport.request(
        url,
        { method: init?.method ?? 'GET', headers, agent: agents[url.protocol as keyof typeof agents] },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const text = Buffer.concat(parts).toString('utf8');
              const parsed = text ? JSON.parse(text) : undefined;
              const status = res.statusCode ?? 500;
              if (status >= 400)
                reject(new MeilisearchApiError(new Response(null, { status, statusText: res.statusMessage }), parsed));
              else resolve(parsed);
            } catch (e) {
              reject(e);
            }
          });
        },
      );
      function onAbort() {
        reject(signal!.reason);
        req.destroy();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', reject);
      req.end(body);
    });
}
