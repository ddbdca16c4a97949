import { Meilisearch } from 'meilisearch';
import { nodeHttpClient } from './node-http-client.ts';

/** A Meilisearch client as the store talks to a node: node:http keep-alive, this timeout per request. */
export function meiliClient(options: { url: string; apiKey?: string; timeoutMs: number }): Meilisearch {
  return new Meilisearch({
    host: options.url,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    httpClient: nodeHttpClient(),
  });
}
