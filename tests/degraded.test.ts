import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { dropAll } from '../tools/lib/drop-all.ts';
import { buildApp } from '../server/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { indexViaApi, MODEL_DIR, SAMPLE_PATH, testConfig } from './helpers/service.ts';
import { variantModelDir } from './helpers/model-dirs.ts';

// Garbage in place of the ONNX file: loads fail the way a damaged download would.
const broken = variantModelDir({ 'onnx/model_quantized.onnx': 'not an onnx model' });
afterAll(() => rmSync(broken.root, { recursive: true, force: true }));

describe('degraded mode: the model cannot be loaded', () => {
  it('starts, says so in /health and every search response, keeps keyword search, and a later start fills in the vectors', async () => {
    const config = testConfig({ EMBED_MODEL_DIR: broken.dir });
    const brokenCore = await openCore({
      settings: resolveSettings(config),
      logger: createLogger('silent'),
      separateIndexer: false,
    });
    const down = buildApp(brokenCore, { defaultMetrics: false });
    const app = down.app;
    down.tasks.start();
    try {
      const health = (await (await app.request('/health')).json()) as Record<string, any>;
      expect(health.status).toBe('degraded');
      expect(health.embeddings.status).toBe('unavailable');
      expect(health.embeddings.reason).toMatch(/model/);

      await indexViaApi(app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') });
      const res = (await (await app.request('/search?q=普天間')).json()) as Record<string, any>;
      expect(res.degraded).toEqual(['semantic']);
      expect(res.warnings.semantic).toMatch(/model/);
      expect(res.hits[0].text).toContain('普天間問題に関し');
      expect(res.hits[0].explain.semantic).toBeNull();

      const semantic = await app.request('/search?q=普天間&mode=semantic');
      expect(semantic.status).toBe(503);
      expect(((await semantic.json()) as any).error.code).toBe('embeddings_unavailable');
      expect((await brokenCore.store.getChunks('hasVector = false')).length).toBeGreaterThan(10);
    } finally {
      await down.tasks.stop();
      await brokenCore.close();
    }

    const fixedCore = await openCore({
      settings: resolveSettings({ ...config, EMBED_MODEL_DIR: MODEL_DIR }),
      logger: createLogger('silent'),
      separateIndexer: false,
    });
    const fixed = buildApp(fixedCore, { defaultMetrics: false });
    try {
      await fixed.indexing.enqueueFillVectors();
      fixed.tasks.start();
      await fixed.tasks.idle();
      expect(await fixedCore.store.getChunks('hasVector = false')).toEqual([]);
      expect((await fixedCore.store.getDocument('sample'))?.vectorsComplete).toBe(true);
      const res = (await (
        await fixed.app.request(`/search?mode=semantic&limit=3&q=${encodeURIComponent('沖縄の米軍基地移転')}`)
      ).json()) as Record<string, any>;
      expect(res.degraded).toEqual([]);
      expect(res.hits.some((h: { text: string }) => h.text.includes('普天間問題に関し'))).toBe(true);
    } finally {
      await fixed.tasks.stop();
      await dropAll(fixedCore.store);
      await fixedCore.close();
    }
  });
});
