import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { killAll, startKensaku, type KensakuServer } from '../../tools/lib/processes.ts';
import { waitFor } from './process.ts';
import { MODEL_DIR } from './service.ts';

// Longer than any SHUTDOWN_TIMEOUT_MS a test sets: a clean stop must never be cut short by the SIGKILL.
const STOP_GRACE_MS = 60_000;

export interface ServerProcess {
  base: string;
  pid: number;
  /** kill -9, and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (SIGKILL after a minute); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** What the process wrote so far, stdout (its JSON log) and stderr. */
  output(): string;
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

/** Call from afterAll: no server of this file outlives it. */
export const killServers = killAll;

const shape = (server: KensakuServer): ServerProcess => ({
  base: server.base,
  pid: server.pid,
  kill9: async () => void (await server.kill()),
  stop: async () => (await server.stop(STOP_GRACE_MS)).code,
  output: server.output,
});

/** A real `kensaku serve` process; resolves once /health answers (`keyword`) or the model is past starting (`full`). */
export async function startServer(
  env: Record<string, string>,
  ready: 'keyword' | 'full' = 'full',
): Promise<ServerProcess> {
  const server = await startKensaku({
    env,
    timeoutMs: 120_000,
    ready: (health) => ready === 'keyword' || health.embeddings?.status !== 'starting',
  });
  return shape(server);
}

export interface ServeProcess {
  base: string;
  port: number;
  indexName: string;
  output(): string;
  /** SIGTERM, waits for the exit, then drops the process's indexes from the run's Meilisearch. */
  stop(): Promise<void>;
}

/** `kensaku serve` on the run's Meilisearch with its own index and data dir, ready for requests. */
export async function startServeProcess(overrides: Record<string, string> = {}): Promise<ServeProcess> {
  const env = serverEnv(overrides);
  let started: KensakuServer;
  try {
    started = await startKensaku({ env, timeoutMs: 120_000 });
  } catch (e) {
    await dropIndexes(env.INDEX_NAME);
    throw e;
  }
  const server = shape(started);
  return {
    base: server.base,
    port: started.port,
    indexName: env.INDEX_NAME,
    output: server.output,
    stop: async () => {
      await server.stop();
      await dropIndexes(env.INDEX_NAME);
    },
  };
}

export interface TaskBody {
  status: string;
  counts: Record<string, number>;
  errors: { documentId: string; message: string }[];
  progress: { documentsDone: number; documentsTotal: number };
}

export async function getJson<T = Record<string, any>>(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: T }> {
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

/** Tasks a server ran to the end, from its /metrics. */
export async function tasksRun(base: string, headers: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers })).text();
  return [...text.matchAll(/^kensaku_tasks_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * Tasks the servers ran between them, once they have counted `expected`. A runner counts a task after Meilisearch
 * confirms its finished record, which another process can read first: so wait for the count, then read it exactly.
 */
export async function tasksRunBy(bases: string[], expected: number, headers: Record<string, string> = {}) {
  const sum = async () => (await Promise.all(bases.map((b) => tasksRun(b, headers)))).reduce((a, b) => a + b, 0);
  await waitFor(`${expected} tasks counted`, async () => ((await sum()) >= expected ? true : undefined), 30_000).catch(
    () => undefined,
  );
  return sum();
}

/** Drops every index named after `indexName` on the run's Meilisearch (what a file's servers left behind). */
export async function dropIndexes(indexName: string): Promise<void> {
  const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
  const { results } = await meili.getIndexes({ limit: 10_000 });
  for (const { uid } of results)
    if (uid.startsWith(indexName))
      await meili
        .deleteIndex(uid)
        .waitTask()
        .catch(() => undefined);
}
