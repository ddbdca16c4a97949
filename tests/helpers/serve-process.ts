import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { freePort, runCli, waitFor } from './process.ts';
import { MODEL_DIR } from './service.ts';

export interface ServeProcess {
  base: string;
  port: number;
  indexName: string;
  /** What the process wrote so far, stdout (its JSON log) and stderr. */
  output(): string;
  /** SIGTERM, waits for the exit, then drops the process's indexes from the run's Meilisearch. */
  stop(): Promise<void>;
}

/** `kensaku serve` as a child process on the run's Meilisearch, with its own index and data dir, ready for requests. */
export async function startServeProcess(env: Record<string, string> = {}): Promise<ServeProcess> {
  const port = await freePort();
  const indexName = `p${process.pid}_${Date.now().toString(36)}`;
  const child = runCli(['serve'], {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    INDEX_NAME: indexName,
    DATA_DIR: mkdtempSync(path.join(inject('tmpRoot'), 'serve-')),
    PORT: String(port),
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'warn',
    ...env,
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await dropIndexes(indexName);
  };
  try {
    await Promise.race([
      waitFor('kensaku serve /health', async () => ((await fetch(`${base}/health`)).ok ? true : undefined)),
      exited.then((code) => Promise.reject(new Error(`kensaku serve exited with ${code}: ${output}`))),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, port, indexName, output: () => output, stop };
}

async function dropIndexes(prefix: string) {
  const meili = inject('meiliUrl');
  const headers = { authorization: `Bearer ${inject('meiliKey')}` };
  const { results } = (await (await fetch(`${meili}/indexes?limit=1000`, { headers })).json()) as { results: { uid: string }[] };
  for (const { uid } of results.filter((i) => i.uid.startsWith(prefix))) await fetch(`${meili}/indexes/${uid}`, { method: 'DELETE', headers });
}
