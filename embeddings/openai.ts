import { z } from 'zod';
import { KensakuError } from '../errors/kensaku-error.ts';
import { fingerprintOf } from './fingerprint.ts';
import { postJsonWithRetries } from './http-retry.ts';
import { l2Normalize } from './vector-math.ts';
import { countingEmbedder } from './counting.ts';
import type { CountingEmbedder, Prefixes } from './types.ts';

export interface OpenAIEmbedderOptions {
  /** Server root or its /v1 (`http://tei:8080`, `https://api.openai.com/v1`); /v1/embeddings is added. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Expected vector length; when omitted, one probe request at creation learns it. */
  dimensions?: number;
  timeoutMs: number;
  retries: number;
  fetch?: typeof fetch;
  /** None by default; e5 served by TEI wants { query: 'query: ', passage: 'passage: ' }. */
  prefixes?: Prefixes;
  /** Inputs per request. Default 32 (TEI's default client batch limit). */
  batchSize?: number;
  /** First retry delay. Default 500 ms. */
  retryBaseMs?: number;
}

const responseSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().optional() })),
});

/** Embeddings from an OpenAI-compatible `/v1/embeddings` server (TEI, Ollama, OpenAI). */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<CountingEmbedder> {
  const { model, apiKey, batchSize = 32 } = options;
  const url = new URL(`${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`).href;
  const prefixes = options.prefixes ?? { query: '', passage: '' };
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const post = (input: string[]) =>
    postJsonWithRetries({
      url,
      headers,
      body: { model, input },
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      retryBaseMs: options.retryBaseMs ?? 500,
      fetch: options.fetch ?? fetch,
    });

  async function embedBatch(input: string[], expected?: number): Promise<number[][]> {
    const parsed = responseSchema.safeParse(await post(input));
    if (!parsed.success || parsed.data.data.length !== input.length) {
      throw new KensakuError(
        'embeddings_unavailable',
        `${url} did not return ${input.length} embeddings in the OpenAI format`,
      );
    }
    const rows = parsed.data.data.map((d, i) => ({ at: d.index ?? i, v: d.embedding })).sort((a, b) => a.at - b.at);
    for (const { v } of rows) {
      if (expected !== undefined && v.length !== expected) {
        throw new KensakuError(
          'embedding_dimension_mismatch',
          `${model} at ${url} returned ${v.length} dimensions, expected ${expected}`,
        );
      }
    }
    return rows.map(({ v }) => l2Normalize(v));
  }

  const dimensions = options.dimensions ?? (await embedBatch([`${prefixes.passage}dimension probe`]))[0].length;
  const identity = {
    modelId: model,
    dimensions,
    fingerprint: fingerprintOf('openai', new URL(url).host, model, dimensions),
    prefixes,
    close: async () => {},
  };
  return countingEmbedder(identity, async (texts, kind) => {
    const prefix = kind === 'query' ? prefixes.query : prefixes.passage;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      out.push(
        ...(await embedBatch(
          texts.slice(i, i + batchSize).map((t) => prefix + t),
          dimensions,
        )),
      );
    }
    return out;
  });
}
