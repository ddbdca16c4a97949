import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../config/index.ts';
import { ROOT } from './helpers/service.ts';

// No Docker engine here: check the deployment files against what the tests run and what the config needs.
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  it('pins Meilisearch to the version the tests run against', () => {
    const tag = /getmeili\/meilisearch:v(\d+\.\d+)\.\d+$/.exec(compose.services.meilisearch.image)?.[1];
    expect(tag).toBeDefined();
    expect(inject('meiliVersion').startsWith(`${tag}.`)).toBe(true);
  });

  it('gives the api what it needs to reach Meilisearch and to start safely off loopback', () => {
    const env = compose.services.api.environment as Record<string, string>;
    expect(env.MEILI_URL).toBe('http://meilisearch:7700');
    expect(env.MEILI_MASTER_KEY).toContain('MEILI_MASTER_KEY');
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.ADMIN_KEY).toMatch(/\$\{ADMIN_KEY:\?/);
    for (const name of Object.keys(env)) expect(Object.keys(configSchema.shape)).toContain(name);
    expect(compose.services.meilisearch.environment.MEILI_MASTER_KEY).toContain('MEILI_MASTER_KEY');
  });

  it('caps the deployed Meilisearch\'s indexing memory like the one kensaku starts itself', () => {
    const cap = configSchema.shape.MEILI_MAX_INDEXING_MEMORY.parse(undefined);
    expect(compose.services.meilisearch.environment.MEILI_MAX_INDEXING_MEMORY).toBe(`\${MEILI_MAX_INDEXING_MEMORY:-${cap}}`);
  });

  it('keeps data and the model cache in volumes, with healthchecks and start order', () => {
    expect(compose.services.meilisearch.volumes.some((v: string) => v.endsWith(':/meili_data'))).toBe(true);
    expect(compose.services.api.volumes.some((v: string) => v.endsWith(':/data/models'))).toBe(true);
    expect(compose.services.api.depends_on.meilisearch.condition).toBe('service_healthy');
    expect(compose.services.meilisearch.healthcheck.test.join(' ')).toContain('/health');
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/health');
  });

  it('builds an image that contains every source folder the server imports', () => {
    for (const dir of ['cli', 'domain', 'config', 'errors', 'indexer', 'embeddings', 'store', 'search', 'service', 'api', 'server', 'corpus']) {
      expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    }
    expect(dockerfile).toContain('npm ci');
  });
});
