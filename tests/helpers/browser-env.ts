import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it with `apt-get install chromium`); KENSAKU_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env.KENSAKU_CHROMIUM || '/usr/bin/chromium';

/** Launches headless Chromium; a missing binary is a failure with a clear message, never a skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `browser tests need Chromium at ${CHROMIUM_PATH} (install it with \`apt-get install chromium\`, ` +
        'or point KENSAKU_CHROMIUM at a Chromium binary); these tests do not skip',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 60_000,
  });
}

export interface HttpHandle {
  /** e.g. http://127.0.0.1:43117 */
  origin: string;
  port: number;
  close(): Promise<void>;
}

function handleOf(server: Server): HttpHandle {
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections from the browser would otherwise hold close() open
        server.closeAllConnections();
      }),
  };
}

/** Serves a fetch handler (the Hono app) on 127.0.0.1 on a free port, like `kensaku serve` does. */
export async function serveFetch(fetch: (req: Request) => Response | Promise<Response>): Promise<HttpHandle> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  return handleOf(server);
}

/**
 * A tiny HTML server on 127.0.0.1 on a free port (another origin than the API). `render` is called
 * per request, so the page can embed values only known after this server started (the API port).
 */
export async function serveHtml(render: (path: string) => string | null): Promise<HttpHandle> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const html = req.method === 'GET' ? render(path) : null;
    if (html === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return handleOf(server);
}

/** Runs every cleanup even when some fail; rethrows the first failure afterwards. */
export async function closeAll(steps: Array<(() => Promise<unknown>) | undefined>): Promise<void> {
  let first: unknown = null;
  for (const step of steps) {
    if (!step) continue;
    try {
      await step();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}
