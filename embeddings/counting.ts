import { emptyStats, type CountingEmbedder, type Prefixes } from './types.ts';

export interface ProviderIdentity {
  modelId: string;
  dimensions: number;
  fingerprint: string;
  prefixes: Prefixes;
  close(): Promise<void>;
}

/** Raw texts in (no prefix yet), one vector per text out. */
export type EmbedFn = (texts: string[], kind: 'passages' | 'query') => Promise<number[][]>;

/** Every provider counts model calls the same way, so cache tests can prove a call did not happen. */
export function countingEmbedder(identity: ProviderIdentity, embed: EmbedFn): CountingEmbedder {
  const stats = emptyStats();
  return {
    ...identity,
    stats,
    async embedPassages(texts) {
      if (texts.length === 0) return [];
      stats.passageCalls++;
      stats.passagesEmbedded += texts.length;
      return embed(texts, 'passages');
    },
    async embedQuery(text) {
      stats.queryCalls++;
      return (await embed([text], 'query'))[0];
    },
  };
}
