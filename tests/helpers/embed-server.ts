import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does for the n-th request (0-based): answer, fail with a status, or hang. */
export type Behaviour = 'ok' | 'stall' | { status: number } | { dims: number };

export interface EmbedServer {
  baseUrl: string;
  requests: Array<{ body: { model: string; input: string[] }; authorization?: string }>;
  close(): Promise<void>;
}

/** A real HTTP server speaking OpenAI's /v1/embeddings; vectors are a deterministic function of the text. */
export async function startEmbedServer(script: (n: number) => Behaviour, dims = 8): Promise<EmbedServer> {
  const requests: EmbedServer['requests'] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return void res.writeHead(404).end('not found');
    const body = JSON.parse(raw);
    const behaviour = script(requests.length);
    requests.push({ body, authorization: req.headers.authorization });
    if (behaviour === 'stall') return; // never answers
    if (typeof behaviour === 'object' && 'status' in behaviour) {
      return void res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end('{"error":"scripted"}');
    }
    const n = typeof behaviour === 'object' ? behaviour.dims : dims;
    // Reversed on purpose: clients must order by `index`. Not unit length: clients normalise.
    const data = body.input.map((text: string, index: number) => ({
      object: 'embedding',
      index,
      embedding: vectorFor(text, n),
    }));
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ object: 'list', data: data.reverse(), model: body.model }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function vectorFor(text: string, dims: number): number[] {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return Array.from({ length: dims }, (_, i) => ((Math.imul(h, i + 1) >>> 0) % 1000) / 100 + 1);
}
