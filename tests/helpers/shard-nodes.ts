import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { findMeiliBinary } from '../../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../../store/meili-process.ts';

export interface ShardNodeProcess {
  name: string;
  dataDir: string;
  proc: MeiliProcess;
  /** A client with the node's master key, to look at what it holds. */
  client(): Meilisearch;
}

/**
 * Real Meilisearch nodes on loopback for the sharding tests, each in its own temp dir under the run's tmpRoot, with
 * its own master key. `kill9` is a real SIGKILL; `restart` brings the node back on its port with its data.
 */
export async function startShardNodes(names: string[]) {
  const { path: binary } = await findMeiliBinary({ dataDir: inject('tmpRoot') });
  const nodes: ShardNodeProcess[] = [];
  const start = async (name: string, dataDir: string, port?: number): Promise<ShardNodeProcess> => {
    const proc = await startMeilisearch({ binary, dataDir, port, indexingThreads: 1, maxIndexingMemory: '512MiB' });
    return { name, dataDir, proc, client: () => new Meilisearch({ host: proc.url, apiKey: proc.masterKey }) };
  };
  for (const name of names) nodes.push(await start(name, mkdtempSync(path.join(inject('tmpRoot'), `shard-${name}-`))));
  const byName = (name: string) => nodes.find((n) => n.name === name)!;
  return {
    nodes,
    byName,
    /** MEILI_SHARDS for these nodes (all of them by default), each with its own key. */
    env(which: string[] = names, retired: string[] = []): string {
      return JSON.stringify(
        which.map((name) => ({
          name,
          url: byName(name).proc.url,
          apiKey: byName(name).proc.masterKey,
          retired: retired.includes(name),
        })),
      );
    },
    async kill9(name: string): Promise<void> {
      process.kill(byName(name).proc.pid, 'SIGKILL');
      await byName(name).proc.exited;
    },
    async restart(name: string): Promise<void> {
      const old = byName(name);
      nodes[nodes.indexOf(old)] = await start(name, old.dataDir, old.proc.port);
    },
    async stopAll(): Promise<void> {
      await Promise.all(nodes.map((n) => n.proc.stop()));
    },
  };
}
