// The soak's clients: each loops on searches (three modes, seed queries and words of the sample document) and, for a
// share of its requests, writes of a small generated Japanese document or deletes of one this run wrote.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SAMPLE_DOC, SHARED } from '../lib/paths.ts';
import { sleep } from '../lib/format.ts';
import type { Client, Reply } from './http.ts';
import { json } from './http.ts';
import type { Ledger } from './ledger.ts';
import type { Kind, Stats } from './stats.ts';

export const SEED_QUERIES = path.join(SHARED, 'eval', 'seed-queries.jsonl');
const SAMPLE_WORDS = [
  '岸田大臣',
  'ケリー国務長官',
  '日米同盟',
  '北朝鮮',
  '安全保障',
  'ワシントン',
  '積極的平和主義',
  '拉致問題',
];
const MODES = ['hybrid', 'keyword', 'semantic'] as const;

/** Seed queries plus the sample words that really occur in the sample document. */
export function loadQueries(): string[] {
  const seed = readFileSync(SEED_QUERIES, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { query: string }).query);
  const docFile = existsSync(SAMPLE_DOC) ? SAMPLE_DOC : path.join(ROOT, 'corpus', path.basename(SAMPLE_DOC));
  const doc = readFileSync(docFile, 'utf8');
  return [...seed, ...SAMPLE_WORDS.filter((w) => doc.includes(w))];
}

const SENTENCES = [
  '港には朝から多くの漁船が停泊していた。',
  '市役所の会議で新しい図書館の計画が話し合われた。',
  '駅前の商店街では秋祭りの準備が進んでいる。',
  '研究班は川の水質調査の結果を来月発表する予定だ。',
  '山間部では朝晩の冷え込みが厳しくなってきた。',
  '地元の農家は今年の米の出来に満足している。',
  '小学校の体育館で防災訓練が行われた。',
  '美術館の特別展には週末ごとに長い列ができる。',
  '新しい路線バスは病院と団地を結んでいる。',
  '古い町家を改装した喫茶店が評判になっている。',
];

/** Letters only (a–z): a run of Latin letters stays one token in Meilisearch's Japanese segmentation. */
export function marker(rand: () => number): string {
  let s = 'soak';
  for (let i = 0; i < 12; i++) s += String.fromCharCode(97 + Math.floor(rand() * 26));
  return s;
}

/** A small document of 1–3 paragraphs, every paragraph carrying the marker, so every chunk is found by it. */
export function soakDocument(id: string, mark: string, n: number, rand: () => number) {
  const paragraphs = 1 + Math.floor(rand() * 3);
  const pick = () => SENTENCES[Math.floor(rand() * SENTENCES.length)];
  const text = Array.from(
    { length: paragraphs },
    (_, p) => `${pick()}${pick()} 整理番号 ${mark} の第${p + 1}段落。`,
  ).join('\n\n');
  return { id, title: `ソーク試験文書 ${n}`, text, tags: ['soak'], source: 'soak' };
}

export interface WorkloadContext {
  /** Writes, deletes and task polls: the admin key, never rate limited. */
  client: Client;
  /** Searches: the run's scoped key (tools/soak/keys.ts). */
  searcher: Client;
  stats: Stats;
  ledger: Ledger;
  outages: { inOutage(start: number, end: number): boolean };
  queries: string[];
  writeShare: number;
  runId: string;
  rand: () => number;
  t0: number;
  stop: () => boolean;
}

/** Pause after a failure, so clients do not spin on a server that is down (chaos) and starve it of CPU. */
async function backoff(r: Reply): Promise<void> {
  if (r.status === 0) await sleep(200);
  else if (r.status >= 500) await sleep(100);
}

let seq = 0;

async function search(c: WorkloadContext): Promise<void> {
  const mode = MODES[Math.floor(c.rand() * MODES.length)];
  const q = c.queries[Math.floor(c.rand() * c.queries.length)];
  const r = await c.searcher.request('GET', `/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`);
  c.stats.record(`search:${mode}` as Kind, r, c.outages.inOutage(r.start, r.end));
  await backoff(r);
}

async function write(c: WorkloadContext): Promise<void> {
  const n = ++seq;
  const id = `soak-${c.runId}-${n}`;
  const mark = marker(c.rand);
  const r = await c.client.request('POST', '/documents', soakDocument(id, mark, n, c.rand));
  const outage = c.outages.inOutage(r.start, r.end);
  c.stats.record('write', r, outage);
  const taskId = r.status === 202 ? json<{ taskId?: string }>(r)?.taskId : undefined;
  if (taskId) c.ledger.addWrite(id, mark, taskId, r.end - c.t0, outage);
  else if ((r.status === 0 && r.error !== 'ECONNREFUSED') || r.status >= 500) c.ledger.ambiguousWrites++;
  await backoff(r);
}

async function remove(c: WorkloadContext): Promise<void> {
  const w = c.ledger.takeDeletable(c.rand);
  if (!w) return write(c);
  const r = await c.client.request('DELETE', `/documents/${encodeURIComponent(w.id)}`);
  const outage = c.outages.inOutage(r.start, r.end);
  c.stats.record('delete', r, outage);
  const taskId = r.status === 202 ? json<{ taskId?: string }>(r)?.taskId : undefined;
  if (taskId) c.ledger.addDelete(w, taskId, r.end - c.t0, outage);
  else if (r.status === 0 && r.error === 'ECONNREFUSED')
    c.ledger.putBack(w); // never reached the server
  // Reset, timed out or a 5xx: not acknowledged, but it may have been enqueued (a 503 can come after Meilisearch
  // took the task and then went away), so the document may or may not be there.
  else if (r.status === 0 || r.status >= 500) w.deleteAmbiguous = true;
  else if (r.status === 404) c.ledger.delete404++;
  // Any other answer (4xx): refused, so the document must still be there; it is not deleted again.
  await backoff(r);
}

/** One client: loops until `stop()`; 60 % of the write share are writes, 40 % deletes (a write when none is ready). */
export async function runClient(c: WorkloadContext): Promise<void> {
  while (!c.stop()) {
    const x = c.rand();
    if (x >= c.writeShare) await search(c);
    else if (x < c.writeShare * 0.6) await write(c);
    else await remove(c);
  }
}

/** Polls acknowledged tasks while the load runs, so succeeded writes become deletable. */
export async function runConfirmer(c: WorkloadContext): Promise<void> {
  while (!c.stop()) {
    await c.ledger.poll(c.client, c.stats, c.outages, 4);
    await sleep(250);
  }
}
