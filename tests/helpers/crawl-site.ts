import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CrawlSink, WriteOutcome } from '../../crawler/types.ts';
import type { SourceDocument } from '../../domain/documents.ts';

/** One fixture page: a body, or a handler for anything unusual (a slow or endless body). */
export interface Page {
  body?: string | Uint8Array;
  type?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Answers after this long (a slow page). */
  delayMs?: number;
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface Site {
  base: string;
  /** An absolute URL of the site. */
  url(p: string): string;
  /** Replaces or adds a page (undefined removes it: a 404). */
  set(p: string, page: Page | string | undefined): void;
  /** Every request, in order: path and the request headers. */
  requests: { path: string; headers: IncomingMessage['headers']; status: number }[];
  /** How many requests a path received. */
  hits(p: string): number;
  stop(): Promise<void>;
}

/**
 * A real HTTP server on a free loopback port, serving pages the test writes and, optionally, a folder of built
 * HTML the way static hosts serve clean URLs (`/guide/why` → `guide/why.html`, `/guide/` → `guide/index.html`).
 * Every 200 carries an ETag (the body's hash) and answers a matching If-None-Match with 304, as static hosts do.
 */
export async function startSite(
  pages: Record<string, Page | string> = {},
  options: { root?: string } = {},
): Promise<Site> {
  const table = new Map<string, Page>(
    Object.entries(pages).map(([p, v]) => [p, typeof v === 'string' ? { body: v } : v]),
  );
  const requests: Site['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname + url.search;
    const entry = { path: key, headers: req.headers, status: 0 };
    requests.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const page = table.get(key) ?? table.get(url.pathname) ?? fromFolder(options.root, url.pathname);
    const answer = () => {
      if (!page) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (page.handler) return page.handler(req, res);
      const body = typeof page.body === 'string' ? Buffer.from(page.body) : Buffer.from(page.body ?? '');
      const status = page.status ?? 200;
      const headers: Record<string, string> = {
        'content-type': page.type ?? 'text/html; charset=utf-8',
        ...page.headers,
      };
      if (status === 200) {
        headers.etag ??= `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        if (req.headers['if-none-match'] === headers.etag) {
          res.writeHead(304, { etag: headers.etag }).end();
          return;
        }
      }
      res.writeHead(status, { ...headers, 'content-length': String(body.length) }).end(body);
    };
    if (page?.delayMs) setTimeout(answer, page.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (p) => new URL(p, base).href,
    set(p, page) {
      if (page === undefined) table.delete(p);
      else table.set(p, typeof page === 'string' ? { body: page } : page);
    },
    requests,
    hits: (p) => requests.filter((r) => r.path === p).length,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function fromFolder(root: string | undefined, pathname: string): Page | undefined {
  if (!root) return undefined;
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
  if (rel.split('/').includes('..')) return undefined;
  const candidates = rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}.html`, `${rel}/index.html`];
  for (const c of candidates) {
    const file = path.join(root, c);
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    const type = file.endsWith('.html')
      ? 'text/html; charset=utf-8'
      : file.endsWith('.md')
        ? 'text/markdown; charset=utf-8'
        : 'application/octet-stream';
    return { body: readFileSync(file), type };
  }
  return undefined;
}

/** A small HTML page: title, optional head extras, a body, and links. */
export function html(title: string, body: string, options: { head?: string; links?: string[] } = {}): string {
  const links = (options.links ?? []).map((l) => `<li><a href="${l}">${l}</a></li>`).join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title>${options.head ?? ''}</head><body><main><h1>${title}</h1><p>${body}</p></main><nav><ul>${links}</ul></nav></body></html>`;
}

/** Documents kept by id, as an index would: a write of the same fields is unchanged. */
export function listSink() {
  const docs = new Map<string, SourceDocument>();
  const writes: string[] = [];
  const deletes: string[] = [];
  const sink: CrawlSink = {
    async write(batch) {
      const out = new Map<string, WriteOutcome>();
      for (const d of batch) {
        writes.push(d.id);
        const before = docs.get(d.id);
        out.set(d.id, {
          outcome: !before ? 'added' : JSON.stringify(before) === JSON.stringify(d) ? 'unchanged' : 'updated',
        });
        docs.set(d.id, d);
      }
      return out;
    },
    async delete(ids) {
      for (const id of ids) {
        deletes.push(id);
        docs.delete(id);
      }
    },
  };
  return { sink, docs, writes, deletes, byUrl: (url: string) => [...docs.values()].find((d) => d.url === url) };
}
