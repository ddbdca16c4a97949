import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ANCHORS_PY, ANCHORS_SETUP, VENV_PYTHON } from './paths.ts';

export type AnchorMode = 'ort-single' | 'ort-sorted16' | 'ort-par';

export interface AnchorRow {
  mode: AnchorMode;
  passages: number;
  seconds: number;
  rate: number;
  partial: boolean;
  tokenize_s: number;
  run_s: number;
  sort_s: number;
  vectors?: number[][];
  error?: string;
}

export interface AnchorInfo {
  threads: number;
  python: string;
  numpy: string;
  onnxruntime?: string;
  ort_load_s?: number;
  errors: { mode: string; error: string }[];
}

/** Makes tools/bench/.venv with onnxruntime, tokenizers and numpy unless it already imports them. */
export function ensureAnchorsVenv(log: (s: string) => void): { ok: boolean; message: string } {
  const probe = () =>
    existsSync(VENV_PYTHON) &&
    spawnSync(VENV_PYTHON, ['-c', 'import onnxruntime, tokenizers, numpy'], { timeout: 60_000 }).status === 0;
  if (probe()) return { ok: true, message: 'tools/bench/.venv ready' };
  log(
    'anchors: tools/bench/.venv missing or incomplete; running tools/bench/anchors/setup.sh (pip install onnxruntime tokenizers numpy)',
  );
  const res = spawnSync('bash', [ANCHORS_SETUP], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  if (res.status === 0 && probe()) return { ok: true, message: 'tools/bench/.venv installed by setup.sh' };
  return {
    ok: false,
    message: `tools/bench/anchors/setup.sh failed (status ${res.status}${res.error ? `, ${res.error.message}` : ''})`,
  };
}

/** The Python anchors as a long-lived child: one command at a time, timed inside Python (no IPC in the numbers). */
export interface AnchorServer {
  info: AnchorInfo;
  pid: number;
  run(mode: AnchorMode, ids: number[], keep?: number): Promise<AnchorRow>;
  close(): Promise<void>;
}

export async function startAnchorServer(
  texts: string[],
  modes: AnchorMode[],
  threads = 2,
  log: (s: string) => void = () => {},
): Promise<AnchorServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-anchors-'));
  const file = path.join(dir, 'texts.json');
  writeFileSync(file, JSON.stringify({ texts }));
  const child: ChildProcessWithoutNullStreams = spawn(
    VENV_PYTHON,
    [ANCHORS_PY, '--serve', '--texts', file, '--threads', String(threads), '--modes', modes.join(',')],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.on('data', (d: Buffer) => log(`anchors: ${d.toString().trimEnd()}`));
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  let exited: Error | undefined;
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    try {
      w.resolve(JSON.parse(line));
    } catch (e) {
      w.reject(new Error(`anchors: bad line ${line.slice(0, 200)}: ${(e as Error).message}`));
    }
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`anchors process exited (code ${code}, signal ${signal})`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  const next = (timeoutMs: number) =>
    new Promise<unknown>((resolve, reject) => {
      if (exited) return reject(exited);
      const timer = setTimeout(() => reject(new Error(`anchors: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      waiting.push({
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  const close = async () => {
    if (!exited) {
      child.stdin.end(`${JSON.stringify({ cmd: 'quit' })}\n`);
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let info: AnchorInfo;
  try {
    info = (await next(180_000)) as AnchorInfo;
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    info,
    pid: child.pid!,
    async run(mode, ids, keep = 0) {
      const answer = next(30 * 60_000);
      child.stdin.write(`${JSON.stringify({ cmd: 'run', mode, ids, keep })}\n`);
      const row = (await answer) as AnchorRow;
      if (row.error) throw new Error(`anchor ${mode}: ${row.error}`);
      return row;
    },
    close,
  };
}
