import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { finished, runCli } from './helpers/process.ts';
import { MODEL_DIR, SAMPLE_PATH } from './helpers/service.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-cli-'));
const index = `cli_${process.pid}`;
const env = {
  MEILI_URL: inject('meiliUrl'),
  MEILI_MASTER_KEY: inject('meiliKey'),
  DATA_DIR: path.join(dir, 'data'),
  INDEX_NAME: index,
  EMBED_MODEL_DIR: MODEL_DIR,
  LOG_LEVEL: 'warn',
};
const docs = path.join(dir, 'docs');
afterAll(async () => {
  const client = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
  for (const uid of [index, `${index}_documents`, `${index}_meta`])
    await client
      .deleteIndex(uid)
      .waitTask()
      .catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const kensaku = (...args: string[]) => finished(runCli(args, env));

describe('kensaku CLI', () => {
  it('answers a mistyped or misplaced flag of every command with one line and the usage, exit 2, no stack trace', async () => {
    // Port 9 answers nothing: a command that got as far as Meilisearch would fail differently.
    const offline = { LOG_LEVEL: 'warn', MEILI_URL: 'http://127.0.0.1:9', DATA_DIR: path.join(dir, 'never') };
    const lines: [args: string[], line: string][] = [
      ...['serve', 'index', 'search', 'delete', 'reindex', 'reshard', 'synonyms'].map((c): [string[], string] => [
        [c, '--limt', '3', 'x'],
        `kensaku ${c}: unknown option --limt`,
      ]),
      [['search', '--limit'], "kensaku search: Option '--limit <value>' argument missing"],
      [['search', '--limit', 'ten', 'q'], 'kensaku search: --limit: '],
      [['delete', '--json', 'x'], 'kensaku delete: unknown option --json'],
      [['serve', 'now'], 'kensaku serve: takes no arguments'],
    ];
    const runs = await Promise.all(lines.map(([args]) => finished(runCli(args, offline))));
    runs.forEach((run, i) => {
      const [args, line] = lines[i];
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      const [first, blank, ...usage] = run.stderr.split('\n');
      expect(first.startsWith(line)).toBe(true);
      expect(blank).toBe('');
      expect(usage.join('\n')).toContain('kensaku search "<query>"');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    });
    expect(runs[0].stderr.split('\n')[0]).toBe('kensaku serve: unknown option --limt');
    expect(runs[2].stderr.split('\n')[0]).toBe('kensaku search: unknown option --limt (did you mean --limit?)');
  });

  it('prints chunks as JSON lines with --dry-run --json, without touching Meilisearch', async () => {
    const { code, stdout } = await finished(
      runCli(['index', '--dry-run', '--json', SAMPLE_PATH], { LOG_LEVEL: 'warn', MEILI_URL: 'http://127.0.0.1:9' }),
    );
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(rows[0]).sort()).toEqual(
      ['chunkId', 'documentId', 'end', 'hash', 'headingPath', 'start', 'text', 'title'].sort(),
    );
    const futenma = rows.find((r) => r.text.includes('普天間問題に関し'));
    expect(futenma.headingPath).toEqual(['2 日米関係', '(2)安全保障']);
    expect(futenma.title).toBe('日米外相会談(概要)');
  });

  it('refuses a lone unsupported file without starting Meilisearch or loading the model', async () => {
    const dataDir = path.join(dir, 'png-data');
    writeFileSync(path.join(dir, 'logo.png'), 'not an image');
    // No MEILI_URL: a command that opened the store would start its own Meilisearch in DATA_DIR/meili.
    const run = await finished(
      runCli(['index', path.join(dir, 'logo.png')], {
        DATA_DIR: dataDir,
        EMBED_MODEL_DIR: MODEL_DIR,
        LOG_LEVEL: 'info',
      }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/added 0 \| updated 0 \| unchanged 0 \| deleted 0 \| failed 1/);
    expect(run.stderr).toMatch(/failed: logo\.png: .*unsupported file type/);
    expect(run.stderr).not.toMatch(/meilisearch ready|embedding model/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('gives the files of a folder outside the working directory ids relative to that folder, never ../', async () => {
    const outside = path.join(dir, 'outside');
    mkdirSync(path.join(outside, 'sub'), { recursive: true });
    writeFileSync(path.join(outside, 'a.txt'), '金沢の兼六園は日本三名園の一つである。\n');
    writeFileSync(path.join(outside, 'sub', 'b.md'), '# 庭園\n\n後楽園は岡山市にある。\n');
    const idsOf = async (...args: string[]) => {
      const run = await finished(
        runCli(['index', '--dry-run', '--json', ...args], { LOG_LEVEL: 'warn', MEILI_URL: 'http://127.0.0.1:9' }),
      );
      expect(run.code).toBe(0);
      return [
        ...new Set(
          run.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).documentId),
        ),
      ].sort();
    };
    expect(path.relative(process.cwd(), outside)).toMatch(/^\.\./);
    expect(await idsOf(outside)).toEqual(['a.txt', 'sub/b.md']);
    expect(await idsOf(`${outside}/**/*.md`)).toEqual(['sub/b.md']);
    // A file named alone outside the working directory: its base name.
    expect(await idsOf(path.join(outside, 'sub', 'b.md'))).toEqual(['b.md']);
  });

  it('indexes a folder, keeps going past a bad file and exits 1, then reports everything unchanged on a second run', async () => {
    rmSync(docs, { recursive: true, force: true });
    mkdirSync(docs, { recursive: true });
    copyFileSync(SAMPLE_PATH, path.join(docs, 'sample.txt'));
    writeFileSync(path.join(docs, 'notes.md'), '# メモ\n\n金沢の兼六園は日本三名園の一つである。\n');
    writeFileSync(path.join(docs, 'broken.jsonl'), '{"id":"x","text":"ok"}\n{"id":"y"}\n');
    const first = await kensaku('index', docs);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/added 2 \| updated 0 \| unchanged 0 \| deleted 0 \| failed 1/);
    expect(first.stderr).toContain('broken.jsonl');
    rmSync(path.join(docs, 'broken.jsonl'));
    const second = await kensaku('index', '--json', docs);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 2,
      failed: 0,
      chunksWritten: 0,
    });
  });

  it('loads synonyms from a file, shows them, and the keyword leg applies them; a bad file exits non-zero', async () => {
    // An abbreviation nothing else finds (けんろくえん would find 兼六園 by its reading).
    expect(JSON.parse((await kensaku('search', '--json', '--mode', 'keyword', 'KRE')).stdout).hits).toEqual([]);
    const file = path.join(dir, 'synonyms.json');
    writeFileSync(file, JSON.stringify({ oneWay: { KRE: ['兼六園'] } }));
    const loaded = await kensaku('synonyms', 'load', file);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual({ oneWay: { kre: ['兼六園'] } });
    expect(JSON.parse((await kensaku('synonyms', 'show')).stdout).oneWay).toEqual({ kre: ['兼六園'] });
    const hits = JSON.parse((await kensaku('search', '--json', '--mode', 'keyword', 'KRE')).stdout).hits;
    expect(hits[0].text).toContain('兼六園');
    writeFileSync(file, '{"sets": [["ひとつだけ"]]}');
    expect((await kensaku('synonyms', 'load', file)).code).not.toBe(0);
    writeFileSync(file, JSON.stringify({}));
    expect((await kensaku('synonyms', 'load', file)).code).toBe(0);
  });

  it('searches with the same hits as the API, and deletes a document', async () => {
    const { code, stdout } = await kensaku('search', '--json', '--limit', '3', '兼六園');
    expect(code).toBe(0);
    const res = JSON.parse(stdout);
    expect(res.hits[0].text).toContain('兼六園');
    expect(res.hits[0].explain.keyword.rank).toBe(1);
    const id = res.hits[0].documentId;
    expect((await kensaku('delete', id)).code).toBe(0);
    const after = JSON.parse((await kensaku('search', '--json', '--mode', 'keyword', '兼六園')).stdout);
    expect(after.hits.filter((h: { documentId: string }) => h.documentId === id)).toEqual([]);
    expect((await kensaku('delete', id)).code).toBe(1);
  });

  it('loads the model only for what embeds: not to delete, nor for a keyword search', async () => {
    const file = path.join(docs, 'kenrokuen.md');
    writeFileSync(file, '# 兼六園\n\n兼六園は金沢市にある日本庭園である。\n');
    expect((await kensaku('index', file)).code).toBe(0);
    // At debug the model's load is logged ('embedding model ready'), and so is Meilisearch's: the log works.
    const verbose = (level: string, ...args: string[]) => finished(runCli(args, { ...env, LOG_LEVEL: level }));
    const hybrid = await verbose('debug', 'search', '--json', '兼六園');
    expect(hybrid.code).toBe(0);
    expect(hybrid.stderr).toContain('embedding model ready');
    const keyword = await verbose('debug', 'search', '--json', '--mode', 'keyword', '兼六園');
    expect(keyword.code).toBe(0);
    expect(JSON.parse(keyword.stdout).hits[0].documentId).toBe('kenrokuen.md');
    expect(keyword.stderr).toContain('meilisearch ready');
    expect(keyword.stderr).not.toContain('embedding model');
    const deleted = await verbose('info', 'delete', 'kenrokuen.md');
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain('meilisearch ready');
    expect(deleted.stderr).not.toContain('embedding model');
    expect(
      JSON.parse((await kensaku('search', '--json', '--mode', 'keyword', '兼六園')).stdout).hits.filter(
        (h: { documentId: string }) => h.documentId === 'kenrokuen.md',
      ),
    ).toEqual([]);
  });

  it('rebuilds after a CHUNK_MAX_CHARS change: the documents cut again, swapped in, the counts printed', async () => {
    const client = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    const chunks = async () => (await client.index(index).getStats()).numberOfDocuments;
    const before = await chunks();
    const run = await finished(runCli(['rebuild', '--json'], { ...env, CHUNK_MAX_CHARS: '150' }));
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ status: 'succeeded', kept: 0, errors: [] });
    expect(out.chunks).toBe(await chunks());
    expect(out.chunks).toBeGreaterThan(before);
    const hits = JSON.parse((await kensaku('search', '--json', '--mode', 'keyword', '普天間')).stdout).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.text.length).toBeLessThanOrEqual(150);
  });
});
