import { describe, expect, it } from 'vitest';
import { isLoopback, loadConfig } from '../config/index.ts';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      INDEX_NAME: 'chunks',
      INDEX_LOCALE: 'jpn',
      EMBED_MODEL: 'multilingual-e5-small',
      DEMO_CORPUS: true,
      EMBED_BATCH_SIZE: 1,
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', INDEX_LOCALE: 'japanese', DEMO_CORPUS: 'yes' })).toThrowError(
      /PORT.*INDEX_LOCALE.*DEMO_CORPUS/,
    );
    expect(() => loadConfig({ MEILI_URL: 'not a url' })).toThrowError(/MEILI_URL/);
    expect(() => loadConfig({ INDEX_NAME: 'bad name!' })).toThrowError(/INDEX_NAME/);
    // Caught here rather than by Meilisearch refusing to start.
    expect(() => loadConfig({ MEILI_MAX_INDEXING_MEMORY: 'lots' })).toThrowError(/MEILI_MAX_INDEXING_MEMORY/);
    expect(loadConfig({ MEILI_MAX_INDEXING_MEMORY: '512MiB' }).MEILI_MAX_INDEXING_MEMORY).toBe('512MiB');
  });

  it('refuses a MEILI_SHARDS that could not place documents, saying why', () => {
    const shards = (nodes: unknown) => ({ MEILI_SHARDS: JSON.stringify(nodes) });
    expect(() => loadConfig({ MEILI_SHARDS: 'a=http://m1:7700' })).toThrowError(/MEILI_SHARDS: a JSON list/);
    expect(() =>
      loadConfig(
        shards([
          { name: 'a', url: 'http://m1' },
          { name: 'a', url: 'http://m2' },
        ]),
      ),
    ).toThrowError(/MEILI_SHARDS: shard names must differ/);
    expect(() => loadConfig(shards([{ name: 'a', url: 'nowhere' }]))).toThrowError(/MEILI_SHARDS: \[0\.url\]/);
    expect(() =>
      loadConfig(
        shards([
          { name: 'a', url: 'http://m1', retired: true },
          { name: 'b', url: 'http://m2' },
        ]),
      ),
    ).toThrowError(/primary and cannot be retired/);
    expect(() => loadConfig({ ...shards([{ name: 'a', url: 'http://m1' }]), MEILI_URL: 'http://m0' })).toThrowError(
      /MEILI_URL and MEILI_SHARDS/,
    );
    expect(() => loadConfig(shards([]))).toThrowError(/MEILI_SHARDS/);
  });

  it('parses lists and switches', () => {
    const c = loadConfig({
      CORS_ORIGINS: 'https://a.example, https://b.example',
      DEMO_CORPUS: 'off',
      EMBED_DOWNLOAD: 'off',
    });
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(c.DEMO_CORPUS).toBe(false);
    expect(c.EMBED_DOWNLOAD).toBe(false);
  });

  it('treats only loopback hosts as private', () => {
    expect(['127.0.0.1', 'localhost', '::1'].map(isLoopback)).toEqual([true, true, true]);
    expect(['0.0.0.0', '192.168.1.10', '::'].map(isLoopback)).toEqual([false, false, false]);
  });
});
