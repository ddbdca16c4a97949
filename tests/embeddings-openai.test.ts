import { afterEach, describe, expect, it } from 'vitest';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from '../embeddings/openai.ts';
import { l2Normalize } from '../embeddings/vector-math.ts';
import { norm } from './helpers/embed-model.ts';
import { startEmbedServer, vectorFor, type Behaviour, type EmbedServer } from './helpers/embed-server.ts';

let server: EmbedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: (n: number) => Behaviour = () => 'ok', dims = 8) {
  server = await startEmbedServer(script, dims);
  return server;
}

const base = (s: EmbedServer, over: Partial<OpenAIEmbedderOptions> = {}): OpenAIEmbedderOptions => ({
  baseUrl: s.baseUrl,
  model: 'test-embed',
  timeoutMs: 2000,
  retries: 3,
  retryBaseMs: 20,
  ...over,
});

async function failure(p: Promise<unknown>): Promise<KensakuError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KensakuError);
  return e as KensakuError;
}

describe('OpenAI-compatible embedder against a real /v1/embeddings server', () => {
  it('embeds in input order, normalised, learning the dimensions from one probe', async () => {
    const s = await start();
    const embedder = await createOpenAIEmbedder(
      base(s, { baseUrl: `${s.baseUrl}/v1`, apiKey: 'sk-test', batchSize: 2 }),
    );
    expect(embedder.dimensions).toBe(8);
    expect(s.requests).toHaveLength(1); // the probe
    const texts = ['一つ目', '二つ目', '三つ目'];
    const vectors = await embedder.embedPassages(texts);
    expect(vectors).toEqual(texts.map((t) => l2Normalize(vectorFor(t, 8))));
    vectors.forEach((v) => expect(norm(v)).toBeCloseTo(1, 10));
    expect(s.requests.slice(1).map((r) => r.body)).toEqual([
      { model: 'test-embed', input: ['一つ目', '二つ目'] },
      { model: 'test-embed', input: ['三つ目'] },
    ]);
    expect(s.requests[1].authorization).toBe('Bearer sk-test');
    expect(await embedder.embedQuery('問い')).toEqual(l2Normalize(vectorFor('問い', 8)));
    expect(embedder.stats).toEqual({ passageCalls: 1, passagesEmbedded: 3, queryCalls: 1 });
  });

  it('applies prefixes only when asked, and fingerprints host, model and dimensions', async () => {
    const s = await start();
    const plain = await createOpenAIEmbedder(base(s, { dimensions: 8 }));
    const e5 = await createOpenAIEmbedder(
      base(s, { dimensions: 8, prefixes: { query: 'query: ', passage: 'passage: ' } }),
    );
    await plain.embedQuery('x');
    await e5.embedQuery('x');
    await e5.embedPassages(['y']);
    expect(s.requests.map((r) => r.body.input[0])).toEqual(['x', 'query: x', 'passage: y']);
    expect(e5.fingerprint).toBe(plain.fingerprint);
    expect((await createOpenAIEmbedder(base(s, { model: 'other', dimensions: 8 }))).fingerprint).not.toBe(
      plain.fingerprint,
    );
  });

  it('retries after two 503s, then succeeds', async () => {
    const s = await start((n) => (n < 2 ? { status: 503 } : 'ok'));
    const embedder = await createOpenAIEmbedder(base(s));
    expect(embedder.dimensions).toBe(8);
    expect(s.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const s = await start(() => ({ status: 400 }));
    const e = await failure(createOpenAIEmbedder(base(s)));
    expect(e.code).toBe('embeddings_unavailable');
    expect(e.message).toContain('HTTP 400');
    expect(s.requests).toHaveLength(1);
  });

  it('gives up with a clear error when the server stalls', async () => {
    const s = await start(() => 'stall');
    const started = Date.now();
    const e = await failure(createOpenAIEmbedder(base(s, { timeoutMs: 150, retries: 1 })));
    expect(e.code).toBe('embeddings_unavailable');
    expect(e.message).toMatch(/no answer within 150 ms \(attempt 2 of 2\)/);
    expect(s.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects vectors of the wrong length with both numbers', async () => {
    const s = await start((n) => (n === 0 ? 'ok' : { dims: 6 }));
    const embedder = await createOpenAIEmbedder(base(s)); // probe learns 8
    const e = await failure(embedder.embedQuery('x'));
    expect(e.code).toBe('embedding_dimension_mismatch');
    expect(e.message).toMatch(/returned 6 dimensions, expected 8/);

    const configured = await failure(createOpenAIEmbedder(base(s, { dimensions: 384 })).then((x) => x.embedQuery('y')));
    expect(configured.message).toMatch(/returned 6 dimensions, expected 384/);
  });

  it('retries when nothing listens, then reports the failure', async () => {
    const s = await start();
    const url = s.baseUrl;
    await s.close();
    server = undefined;
    const e = await failure(
      createOpenAIEmbedder({ baseUrl: url, model: 'm', timeoutMs: 500, retries: 2, retryBaseMs: 5 }),
    );
    expect(e.message).toMatch(/request failed: .*ECONNREFUSED.*\(attempt 3 of 3\)/);
  });
});
