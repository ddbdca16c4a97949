import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { dropAll } from '../tools/lib/drop-all.ts';
import { buildApp } from '../server/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { reembedAll } from '../indexer/pipeline/reembed.ts';
import { indexViaApi, MODEL_DIR, SAMPLE_PATH, testConfig } from './helpers/service.ts';
import { variantModelDir } from './helpers/model-dirs.ts';

// The same weights with a different config file: another fingerprint, as a re-exported model would have.
const modelConfig = JSON.parse(readFileSync(path.join(MODEL_DIR, 'config.json'), 'utf8'));
const other = variantModelDir({ 'config.json': JSON.stringify({ ...modelConfig, _exported_by: 'another tool' }) });
afterAll(() => rmSync(other.root, { recursive: true, force: true }));

const open = (config: ReturnType<typeof testConfig>) =>
  openCore({ settings: resolveSettings(config), logger: createLogger('silent'), separateIndexer: false });

describe('model fingerprint', () => {
  it('never mixes vectors of two models: the semantic leg stays off until an explicit re-embed', async () => {
    const config = testConfig();
    const original = await open(config);
    const firstFingerprint = original.embedder!.fingerprint;
    const first = buildApp(original, { defaultMetrics: false });
    first.tasks.start();
    await indexViaApi(first.app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') });
    await first.tasks.stop();
    await original.close();

    const otherDir = other.dir;
    let otherCore: Core | undefined = await open({ ...config, EMBED_MODEL_DIR: otherDir });
    try {
      expect(otherCore.embedder!.fingerprint).not.toBe(firstFingerprint);
      expect(otherCore.semantic.available).toBe(false);
      expect(otherCore.semantic.reason).toContain('reindex --embeddings');
      const mismatched = buildApp(otherCore, { defaultMetrics: false });
      mismatched.tasks.start();
      const app = mismatched.app;
      const health = (await (await app.request('/health')).json()) as Record<string, any>;
      expect(health.status).toBe('degraded');
      expect(health.embeddings.reason).toContain(firstFingerprint);
      const hybrid = (await (await app.request('/search?q=普天間')).json()) as Record<string, any>;
      expect(hybrid.degraded).toEqual(['semantic']);
      expect(hybrid.hits[0].explain.semantic).toBeNull();

      // New writes while mismatched carry no vector rather than one from the other model.
      await indexViaApi(app, { id: 'late', text: '遅れて追加された文書は仙台の牛タンについて述べる。' });
      expect((await otherCore.store.getChunks('documentId = "late"')).map((c) => c.hasVector)).toEqual([false]);
      expect((await otherCore.store.getEmbedderRecord())?.fingerprint).toBe(firstFingerprint);
      await mismatched.tasks.stop();

      const count = await reembedAll({
        store: otherCore.store,
        embedder: otherCore.indexEmbedder!,
        embedderName: otherCore.semantic.embedderName!,
      });
      expect(count).toBe(await otherCore.store.countChunks());
      expect(await otherCore.store.getChunks('hasVector = false')).toEqual([]);
      expect((await otherCore.store.getEmbedderRecord())?.fingerprint).toBe(otherCore.embedder!.fingerprint);
      await otherCore.close();

      otherCore = undefined;
      otherCore = await open({ ...config, EMBED_MODEL_DIR: otherDir });
      expect(otherCore.semantic.available).toBe(true);
      const res = (await (
        await buildApp(otherCore, { defaultMetrics: false }).app.request(
          `/search?mode=semantic&limit=3&q=${encodeURIComponent('沖縄の米軍基地移転')}`,
        )
      ).json()) as Record<string, any>;
      expect(res.hits.some((h: { text: string }) => h.text.includes('普天間問題に関し'))).toBe(true);
    } finally {
      if (otherCore) await dropAll(otherCore.store);
      await otherCore?.close();
    }
  });
});
