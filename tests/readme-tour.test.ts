import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killServers, startServeProcess, type ServeProcess } from './helpers/server-process.ts';

// The README's five-minute tour, pasted as a newcomer would: its ```sh blocks, in order, in one bash session (so a
// variable or function of one block serves the next), against a real `kensaku serve` that indexes the demo corpus on
// its first start. Only the address changes: the README's first block sets KENSAKU, which we set to our server.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const README_ORIGIN = 'http://127.0.0.1:8080';
const TOUR_TIMEOUT_MS = 300_000;

function tourSection(): string {
  const start = README.indexOf('\n## Five-minute tour\n');
  if (start < 0) throw new Error('README.md has no "## Five-minute tour" section');
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

const section = tourSection();
const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1].trim());

interface TourRun {
  code: number | null;
  output: string;
  /** Output of each block after the first, by block. */
  outputs: Map<string, string>;
}

let server: ServeProcess;
let shell: ChildProcess | undefined;
let run: TourRun;

/** Runs the blocks after the first in one `bash -eo pipefail`, with a marker line before each. */
function runTour(base: string): Promise<TourRun> {
  const steps = blocks.slice(1);
  const script = steps.map((b, i) => `printf '\\n::block ${i}\\n'\n${b}\n`).join('');
  shell = spawn('bash', ['-eo', 'pipefail', '-c', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', KENSAKU: base },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: on timeout or afterAll the whole session (curl, node, sleep) goes at once.
    detached: true,
  });
  let output = '';
  shell.stdout!.on('data', (d) => (output += d));
  shell.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => stopShell(), TOUR_TIMEOUT_MS);
    shell!.on('close', (code) => {
      clearTimeout(timer);
      const outputs = new Map<string, string>();
      const parts = output.split(/^::block (\d+)$/m);
      for (let i = 1; i < parts.length; i += 2) outputs.set(steps[Number(parts[i])], parts[i + 1].trim());
      resolve({ code, output, outputs });
    });
  });
}

function stopShell(): void {
  if (shell?.pid !== undefined && shell.exitCode === null && shell.signalCode === null) {
    try {
      process.kill(-shell.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The output of the one block that contains `needle`. */
function outputOf(needle: string): string {
  const found = blocks.slice(1).filter((b) => b.includes(needle));
  expect(found, `one tour block containing ${needle}`).toHaveLength(1);
  expect(run.outputs.has(found[0]), `the block containing ${needle} ran; output:\n${run.output}`).toBe(true);
  return run.outputs.get(found[0])!;
}

beforeAll(async () => {
  server = await startServeProcess({ DEMO_CORPUS: 'on' });
  run = await runTour(server.base);
}, TOUR_TIMEOUT_MS + 180_000);

afterAll(async () => {
  stopShell();
  await server?.stop();
  killServers();
});

describe("the README's five-minute tour", () => {
  it('points the blocks at a server through KENSAKU, set in its first block to where npm start listens', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks[0]).toBe(`export KENSAKU=${README_ORIGIN}`);
    expect(blocks.slice(1).filter((b) => b.includes(README_ORIGIN))).toEqual([]);
  });

  it('runs every block to the end, each printing something', () => {
    expect(run.code, run.output).toBe(0);
    expect(run.outputs.size).toBe(blocks.length - 1);
    for (const [block, output] of run.outputs) expect(output, `output of:\n${block}`).not.toBe('');
  });

  it('indexes the tagged sections and deletes the whole-file copy, each task succeeding', () => {
    const finished = outputOf('wait_task "$TASK"')
      .split('\n')
      .filter((l) => !/^(enqueued|processing) /.test(l));
    expect(finished).toHaveLength(2);
    expect(finished.every((l) => l.startsWith('succeeded '))).toBe(true);
    expect(JSON.parse(finished[0].slice('succeeded '.length))).toMatchObject({ added: 4, failed: 0 });
    expect(JSON.parse(finished[1].slice('succeeded '.length))).toMatchObject({ deleted: 1 });
  });

  it('finds 普天間 by keyword, and by its reading in kana', () => {
    const output = outputOf('ふてんま');
    expect(output).toContain('<mark>普天間</mark>');
    expect(output.split('\n').filter((l) => l.includes('2 日米関係 > (2)安全保障'))).toHaveLength(2);
  });

  it('answers the question with a sentence of a hit, explained by both legs', () => {
    const [answer, explain] = outputOf('普天間飛行場の移設はどうなったか').split('\n');
    expect(answer).not.toBe('');
    expect(JSON.parse(explain)).toMatchObject({
      keyword: { rank: expect.any(Number) },
      semantic: { rank: expect.any(Number) },
    });
  });

  it('finds by meaning what the keyword leg cannot, as the README says', () => {
    const lines = outputOf('貿易交渉の早期合意').split('\n');
    expect(lines[0].trim()).toBe('keyword');
    expect(lines[1]).toMatch(/^semantic +2 日米関係 > \(3\)TPP/);
    expect(lines[2]).toMatch(/^hybrid +2 日米関係 > \(3\)TPP/);
    expect(lines[3]).toContain('防空識別区');
  });

  it('filters by a tag: every hit carries it', () => {
    const lines = outputOf('filter=tags').split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^アジア太平洋地域情勢 /);
  });

  it('counts the matching chunks per tag', () => {
    const { tags } = JSON.parse(outputOf('facets=tags')) as { tags: Record<string, number> };
    expect(Object.keys(tags).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(tags).every((n) => n > 0)).toBe(true);
  });

  it('serves the search page, the API reference and the widget at the URLs it gives', async () => {
    const urls = [...new Set(section.match(/http:\/\/127\.0\.0\.1:8080\/[^\s>")]*/g) ?? [])].filter(
      (u) => u !== `${README_ORIGIN}/`,
    );
    expect(urls).toEqual(
      expect.arrayContaining([`${README_ORIGIN}/?facet=tags`, `${README_ORIGIN}/docs`, `${README_ORIGIN}/widget.js`]),
    );
    for (const url of urls) {
      const res = await fetch(url.replace(README_ORIGIN, server.base));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(url.endsWith('.js') ? /javascript/ : /html/);
    }
  });
});
