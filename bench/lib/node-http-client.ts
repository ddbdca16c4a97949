import http from 'node:http';

/**
 * A meilisearch-js `httpClient` on node:http with a keep-alive agent: request line, headers and body leave in one
 * write. Node's global fetch (undici), which meilisearch-js uses by default, was measured here stalling ~40–45 ms on
 * a large share of POSTs to Meilisearch on loopback (a delayed-ACK wait); node:http and curl do not. Bench-only: it
 * shows what the change would be worth in the store.
 */
export function nodeHttpClient(timeoutMs = 30_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  return (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<unknown> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: init?.method ?? 'GET', headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 400) return reject(new Error(`Meilisearch HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            try {
              resolve(text ? JSON.parse(text) : undefined);
            } catch (e) {
              reject(e);
            }
          });
        },
      );
      req.on('error', reject);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.end(body);
    });
  };
}
