import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { TaskRecord } from '../domain/tasks.ts';
import { finished, runCli, waitFor } from './helpers/process.ts';
import { dropIndexes, finishedTask, getJson, killServers, serverEnv, startServer } from './helpers/server-process.ts';
import { html, startSite, type Site } from './helpers/crawl-site.ts';

const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
const envs: Record<string, string>[] = [];
const sites: Site[] = [];
afterAll(async () => {
  killServers();
  await Promise.all(sites.map((s) => s.stop()));
  for (const env of envs) await dropIndexes(env.INDEX_NAME);
});

const PAGES = 100;
const CITIES = ['札幌', '仙台', '金沢', '名古屋', '京都', '神戸', '広島', '松山', '福岡', '那覇'];

/** A site of PAGES pages linked from its top page, each with text of its own. */
async function citySite(): Promise<Site> {
  const pages: Record<string, string> = {
    '/': html('都市案内', '各地の案内の一覧です。', { links: Array.from({ length: PAGES }, (_, i) => `/city/${i}`) }),
  };
  for (let i = 0; i < PAGES; i++) {
    const city = CITIES[i % CITIES.length];
    pages[`/city/${i}`] = html(
      `${city}の案内${i}`,
      `${city}の第${i}番の案内では、${city}の港と市場と庭園について述べる。`,
    );
  }
  const site = await startSite(pages);
  sites.push(site);
  return site;
}

describe('a crawl survives kill -9 of the server', () => {
  it('resumes from its last checkpoint: every page indexed once, pages settled before it not fetched again', async () => {
    const site = await citySite();
    const env = serverEnv();
    envs.push(env);
    const first = await startServer(env);
    // A per-host delay makes the crawl last long enough to be killed in the middle.
    const { status, body } = await getJson<{ taskId: string }>(`${first.base}/sources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'cities', url: site.url('/'), delayMs: 40, concurrency: 2 }),
    });
    expect(status).toBe(202);
    const stored = () =>
      meili.index<TaskRecord>(`${env.INDEX_NAME}_tasks`).getDocument(body.taskId) as Promise<TaskRecord>;
    // Killed once a checkpoint is on disk (progress saved), and while GET /tasks/{id} shows the crawl running.
    await waitFor('a crawl checkpoint', async () => ((await stored()).progress.documentsDone > 0 ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    const live = await getJson<TaskRecord>(`${first.base}/tasks/${body.taskId}`);
    expect(live.body).toMatchObject({ type: 'crawl', sourceId: 'cities', status: 'processing' });
    expect(live.body.progress.documentsDone).toBeGreaterThan(0);
    await first.kill9();
    const before = await stored();
    expect(before.status).toBe('processing');
    const fetchedBefore = new Map<string, number>();
    for (const r of site.requests) fetchedBefore.set(r.path, (fetchedBefore.get(r.path) ?? 0) + 1);
    expect(fetchedBefore.size - 1).toBeLessThan(PAGES); // killed part-way (robots.txt aside)

    const second = await startServer(env);
    const task = await finishedTask(second.base, body.taskId);
    expect(task.status).toBe('succeeded');
    expect((await stored()).attempts).toBeGreaterThanOrEqual(2);
    // Pages written after the checkpoint and before the kill were written again, and found unchanged.
    expect(task.counts.added + task.counts.unchanged).toBe(PAGES + 1);
    expect(task.counts).toMatchObject({ seen: PAGES + 1, failed: 0, deleted: 0 });

    const docs = await getJson<{ total: number; documents: { url: string }[] }>(`${second.base}/documents?limit=1000`);
    expect(docs.body.total).toBe(PAGES + 1);
    expect(new Set(docs.body.documents.map((d) => d.url))).toEqual(
      new Set([site.url('/'), ...Array.from({ length: PAGES }, (_, i) => site.url(`/city/${i}`))]),
    );
    // Every page was fetched at most twice, and the pages the checkpoint held were not fetched again.
    const counts = new Map<string, number>();
    for (const r of site.requests) if (r.path !== '/robots.txt') counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    const twice = [...counts.values()].filter((n) => n === 2).length;
    expect(twice).toBeLessThan(fetchedBefore.size - 1);
    expect(twice).toBeLessThanOrEqual(32 + 2);
    const { sources } = (
      await getJson<{ sources: { sourceId: string; lastCrawl: { counts: { seen: number } } }[] }>(
        `${second.base}/sources`,
      )
    ).body;
    expect(sources.find((s) => s.sourceId === 'cities')?.lastCrawl.counts.seen).toBe(PAGES + 1);
    await second.stop();
  });
});

describe('kensaku crawl', () => {
  it('crawls a site from the command line and prints the counts as JSON', async () => {
    const site = await startSite({
      '/': html('入口', 'コマンドから読むサイト', { links: ['/a', '/b', '/skip/c'] }),
      '/a': html('ページA', '本文A'),
      '/b': html('ページB', '本文B'),
      '/skip/c': html('ページC', '除外される'),
    });
    sites.push(site);
    const env = serverEnv();
    envs.push(env);
    const run = await finished(
      runCli(['crawl', site.url('/'), '--exclude', '/skip/**', '--tag', 'site:cli', '--tag', 'lang:ja', '--json'], env),
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ status: 'succeeded', counts: { seen: 3, added: 3, failed: 0 }, failures: [] });
    expect(site.hits('/skip/c')).toBe(0);
  });

  it('refuses a bad command line with a usage line and exit 2', async () => {
    const env = serverEnv();
    for (const args of [
      ['crawl'],
      ['crawl', 'http://127.0.0.1:9/', '--limit', 'many'],
      ['crawl', 'http://127.0.0.1:9/', '--includ', '/x'],
    ]) {
      const run = await finished(runCli(args, env));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^kensaku crawl: /);
    }
  });
});
