import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../service/open-core.ts';
import { buildApp } from '../service/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { reembedAll } from '../indexer/pipeline/reembed.ts';
import { indexViaApi, MODEL_DIR, SAMPLE_PATH, testConfig } from './helpers/service.ts';

const temp = mkdtempSync(path.join(tmpdir(), 'kensaku-other-model-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The same weights with a different config file: another fingerprint, as a re-exported model would have. */
function otherModelDir(): string {
  const dir = path.join(temp, 'multilingual-e5-small');
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'onnx/model_quantized.onnx']) symlinkSync(path.join(MODEL_DIR, f), path.join(dir, f));
  const config = JSON.parse(readFileSync(path.join(MODEL_DIR, 'config.json'), 'utf8'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, _exported_by: 'another tool' }));
  return dir;
}

const open = (config: ReturnType<typeof testConfig>) => openCore({ config, logger: createLogger('silent'), separateIndexer: false });

describe('model fingerprint', () => {
  it('never mixes vectors of two models: the semantic leg stays off until an explicit re-embed', async () => {
    const config = testConfig();
    const original = await open(config);
    const firstFingerprint = original.embedder!.fingerprint;
    await indexViaApi(buildApp(original, { defaultMetrics: false }).app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') });
    await original.close();

    const otherDir = otherModelDir();
    let other: Core | undefined = await open({ ...config, EMBED_MODEL_DIR: otherDir });
    try {
      expect(other.embedder!.fingerprint).not.toBe(firstFingerprint);
      expect(other.semantic.available).toBe(false);
      expect(other.semantic.reason).toContain('reindex --embeddings');
      const app = buildApp(other, { defaultMetrics: false }).app;
      const health = (await (await app.request('/health')).json()) as Record<string, any>;
      expect(health.status).toBe('degraded');
      expect(health.embeddings.reason).toContain(firstFingerprint);
      const hybrid = (await (await app.request('/search?q=普天間')).json()) as Record<string, any>;
      expect(hybrid.degraded).toEqual(['semantic']);
      expect(hybrid.hits[0].explain.semantic).toBeNull();

      // New writes while mismatched carry no vector rather than one from the other model.
      await indexViaApi(app, { id: 'late', text: '遅れて追加された文書は仙台の牛タンについて述べる。' });
      expect((await other.store.getChunks('documentId = "late"')).map((c) => c.hasVector)).toEqual([false]);
      expect((await other.store.getEmbedderRecord())?.fingerprint).toBe(firstFingerprint);

      const count = await reembedAll({ store: other.store, embedder: other.indexEmbedder!, embedderName: other.semantic.embedderName! });
      expect(count).toBe(await other.store.countChunks());
      expect(await other.store.getChunks('hasVector = false')).toEqual([]);
      expect((await other.store.getEmbedderRecord())?.fingerprint).toBe(other.embedder!.fingerprint);
      await other.close();

      other = undefined;
      other = await open({ ...config, EMBED_MODEL_DIR: otherDir });
      expect(other.semantic.available).toBe(true);
      const res = (await (await buildApp(other, { defaultMetrics: false }).app.request('/search?mode=semantic&limit=3&q=' + encodeURIComponent('沖縄の米軍基地移転'))).json()) as Record<string, any>;
      expect(res.hits.some((h: { text: string }) => h.text.includes('普天間問題に関し'))).toBe(true);
    } finally {
      await other?.store.dropAll();
      await other?.close();
    }
  });
});
