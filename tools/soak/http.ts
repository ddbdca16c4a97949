// A small keep-alive HTTP client for the soak: every call ends with a status or a connection-error code, and a time.
import http from 'node:http';

export interface Reply {
  /** HTTP status, or 0 when no response arrived (see `error`). */
  status: number;
  body: string;
  /** ECONNREFUSED, ECONNRESET, timeout, … when status is 0. */
  error?: string;
  ms: number;
  /** performance.now() at the start and the end. */
  start: number;
  end: number;
}

export interface Client {
  base: string;
  request(method: string, path: string, body?: unknown): Promise<Reply>;
  close(): void;
}

const TIMEOUT_MS = 30_000;

export function createClient(base: string, key: string | null, sockets: number): Client {
  const url = new URL(base);
  // With a timeout set, the agent drops an idle socket a second before the server's announced keep-alive timeout
  // (Keep-Alive: timeout=5); without one it keeps it, and a request sent as the server closes it gets ECONNRESET.
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, timeout: TIMEOUT_MS });
  const request = (method: string, path: string, body?: unknown) =>
    new Promise<Reply>((resolve) => {
      const start = performance.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      let settled = false;
      const done = (status: number, text: string, error?: string) => {
        if (settled) return;
        settled = true;
        const end = performance.now();
        resolve({ status, body: text, error, ms: end - start, start, end });
      };
      const headers: Record<string, string> = {};
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      if (key) headers.authorization = `Bearer ${key}`;
      const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(parts).toString('utf8')));
        res.on('error', (e: NodeJS.ErrnoException) => done(0, '', e.code ?? e.message));
      });
      req.setTimeout(TIMEOUT_MS, () => {
        req.destroy();
        done(0, '', 'timeout');
      });
      req.on('error', (e: NodeJS.ErrnoException) => done(0, '', e.code ?? e.message));
      req.end(payload);
    });
  return { base, request, close: () => agent.destroy() };
}

/** JSON body of a reply, or undefined when it is not JSON. */
export function json<T>(r: Reply): T | undefined {
  try {
    return JSON.parse(r.body) as T;
  } catch {
    return undefined;
  }
}
