import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { freePort, runCli, waitFor } from './process.ts';
import { MODEL_DIR } from './service.ts';

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  pid: number;
  /** kill -9, and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  stderr(): string;
}

/** Env for `kensaku serve` against the run's Meilisearch, with its own index and data dir. */
export function serverEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    DATA_DIR: mkdtempSync(path.join(inject('tmpRoot'), 'serve-')),
    INDEX_NAME: `p${process.pid}_${Date.now().toString(36)}`,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

const running = new Set<ChildProcess>();

/** Call from afterAll: no server of this file outlives it. */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A real `kensaku serve` process; resolves once it answers /health (keyword search ready). */
export async function startServer(env: Record<string, string>, ready: 'keyword' | 'full' = 'full'): Promise<ServerProcess> {
  const port = await freePort();
  const child = runCli(['serve'], { ...env, PORT: String(port) });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (running.delete(child), resolve(code))));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`kensaku on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`kensaku exited ${child.exitCode}: ${stderr}`);
    const res = await fetch(`${base}/health`);
    if (!res.ok) return undefined;
    const health = (await res.json()) as { embeddings: { status: string } };
    return ready === 'keyword' || health.embeddings.status !== 'starting' ? true : undefined;
  });
  return {
    child,
    base,
    pid: child.pid!,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    stderr: () => stderr,
  };
}

export interface TaskBody {
  status: string;
  counts: Record<string, number>;
  errors: { documentId: string; message: string }[];
  progress: { documentsDone: number; documentsTotal: number };
}

export async function getJson<T = Record<string, any>>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

export async function postDocuments(base: string, documents: unknown[]): Promise<string> {
  const { status, body } = await getJson<{ taskId: string }>(`${base}/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ documents }),
  });
  if (status !== 202) throw new Error(`POST /documents answered ${status}: ${JSON.stringify(body)}`);
  return body.taskId;
}

/** Polls a task on a server until it has finished. */
export function finishedTask(base: string, taskId: string, timeoutMs = 180_000): Promise<TaskBody> {
  return waitFor(
    `task ${taskId}`,
    async () => {
      const { status, body } = await getJson<TaskBody>(`${base}/tasks/${taskId}`);
      return status === 200 && (body.status === 'succeeded' || body.status === 'failed') ? body : undefined;
    },
    timeoutMs,
  );
}

/** Drops every index named after `indexName` on the run's Meilisearch (what a file's servers left behind). */
export async function dropIndexes(indexName: string): Promise<void> {
  const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
  const { results } = await meili.getIndexes({ limit: 10_000 });
  for (const { uid } of results) if (uid.startsWith(indexName)) await meili.deleteIndex(uid).waitTask().catch(() => undefined);
}
