// The run's headline ratios, each from numbers taken side by side in this one run (see tools/bench/README.md).
import type { EmbedBenchResult } from './embed/types.ts';
import { fmt, fmtRatio, round as r3 } from '../lib/format.ts';
import { peerRatios } from './sections/serve-latency.ts';

export interface Ratio {
  name: string;
  value: number;
  target?: string;
  met?: boolean;
  note?: string;
}

/** Ratios from the sections' results (keys embed, reindex, serve, scale; missing sections add none). */
export function ratiosOf(r: Record<string, any>): Ratio[] {
  const out: Ratio[] = [];
  const e = r.embed as EmbedBenchResult | undefined;
  if (e) {
    for (const t of e.e2eTarget) {
      out.push({
        name: `${t.variant} ÷ best raw onnxruntime (${e.bestOrt?.name})`,
        value: t.ratio,
        target: '≥ 0.9',
        met: t.ratio >= 0.9,
        note: `one-call estimate ${fmtRatio(t.oneCallRatio)}`,
      });
    }
    const local = e.variants.find((v) => v.name === 'local-b1');
    if (local) out.push({ name: 'local embedder b1 ÷ best raw onnxruntime', value: local.ratioToBestOrt });
  }
  if (r.reindex)
    out.push({
      name: 'first index ÷ unchanged re-index',
      value: r.reindex.ratio,
      target: '≥ 50',
      met: r.reindex.ratio >= 50,
    });
  if (r.crawl) {
    out.push({
      name: 'first crawl ÷ unchanged re-crawl (Vite HTML)',
      value: r.crawl.ratio,
      note: `first crawl ${fmt(r.crawl.firstPagesPerSecond, 1)} pages/s`,
    });
    out.push({
      name: 'crawl pages/s, extraction only ÷ first crawl (Vite HTML)',
      value: r.crawl.extractOnlyPagesPerSecond / r.crawl.firstPagesPerSecond,
    });
  }
  const lat = r.serve?.latency as Array<{ target: string; concurrency: number; p95: number; rps: number }> | undefined;
  if (lat?.length) {
    const get = (t: string, c: number) => lat.find((x) => x.target === t && x.concurrency === c);
    for (const c of [1, 8, 32]) {
      const h = get('hybrid', c);
      const p = get('peer', c);
      if (h && p) out.push(...peerRatios(c, h, p));
      const k = get('keyword', c);
      if (h && k) out.push({ name: `hybrid p95 ÷ keyword p95, c=${c}`, value: h.p95 / k.p95 });
    }
    const h1 = get('hybrid', 1);
    const h8 = get('hybrid', 8);
    if (h1 && h8) out.push({ name: 'hybrid p95 at c=8 ÷ c=1', value: h8.p95 / h1.p95 });
  }
  if (r.serve?.bulk) {
    out.push({
      name: 'hybrid p95 during bulk index ÷ idle',
      value: r.serve.bulk.ratioP95,
      target: '≤ 2',
      met: r.serve.bulk.ratioP95 <= 2,
    });
    out.push({ name: 'hybrid p50 during bulk index ÷ idle', value: r.serve.bulk.ratioP50 });
  }
  const plain = r.serve?.bulkNoYield;
  if (r.serve?.bulk && plain) {
    out.push({ name: 'the same with EMBED_INDEX_YIELD=0: hybrid p95 during ÷ idle', value: plain.ratioP95 });
    out.push({
      name: 'bulk index time under c=1 search ÷ with EMBED_INDEX_YIELD=0',
      value: r.serve.bulk.taskSeconds / plain.taskSeconds,
    });
  }
  const s = r.scale as Array<Record<string, any>> | undefined;
  if (s && s.length > 1) {
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1];
      const b = s[i];
      out.push({
        name: `index time ${b.chunks} ÷ ${a.chunks} chunks (size ×${fmt(b.chunks / a.chunks, 1)})`,
        value: b.indexSeconds / a.indexSeconds,
      });
      for (const m of ['keyword', 'semantic', 'hybrid'])
        out.push({ name: `${m} p95 at ${b.chunks} ÷ ${a.chunks} chunks`, value: b.latency[m].p95 / a.latency[m].p95 });
    }
  }
  const sh = r.shards;
  if (sh) {
    const get = (arm: string, mode: string, c: number) =>
      sh.latency.rows.find((x: Record<string, any>) => x.arm === arm && x.mode === mode && x.c === c)?.result;
    const one = get('1 node', 'hybrid', 1);
    const three = get('3 shards', 'hybrid', 1);
    if (one && three)
      out.push({
        name: 'hybrid p50, 3 local shards ÷ 1 node, c=1',
        value: three.p50 / one.p50,
        target: '≤ 1.5',
        met: three.p50 / one.p50 <= 1.5,
      });
    out.push({
      name: 'indexing chunks/s, 3 local shards ÷ 1 node',
      value: sh.indexing.chunksPerSecond['3 shards'] / sh.indexing.chunksPerSecond['1 node'],
    });
  }
  return out.map((x) => ({ ...x, value: r3(x.value, 2) }));
}

export function ratiosTable(ratios: Ratio[]): string[][] {
  return [
    ['ratio', 'value', 'target', ''],
    ...ratios.map((x) => [
      x.name,
      fmtRatio(x.value),
      x.target ?? '',
      x.met === undefined ? (x.note ?? '') : `${x.met ? 'MET' : 'NOT MET'}${x.note ? `  (${x.note})` : ''}`,
    ]),
  ];
}
