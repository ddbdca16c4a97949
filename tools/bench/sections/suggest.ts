// suggest: GET /suggest latency on one `kensaku serve` over the JSQuAD index, for SEARCH_KEY and a scoped key (each
// with its own dictionary), and as a floor the same route with nothing typed, at c=1 and c=8. Prefixes as people type
// them: the first 1–4 characters of a question, the first 2–5 kana of its first content word's reading, or the first
// 3–6 letters of its romaji. The first request of each key builds its dictionary and is timed apart.
import { toHiragana } from 'wanakana';
import { loadAnalyser } from '../../../text/reading/analyser.ts';
import { isContentWord } from '../../../text/reading/readings.ts';
import { romajiOf } from '../../../text/reading/romaji.ts';
import { fmt, heading, round as r3, table } from '../../lib/format.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { BENCH_SEARCH_KEY, startKeyedJsquadServer } from '../../lib/keyed-server.ts';

type Arm = 'search-key' | 'scoped' | 'empty q';
const KEYS = ['search-key', 'scoped'] as const;
// The floor: the same route, key checks and rate limit with nothing typed (the key's popular queries, no lookup).
const ARMS: Arm[] = [...KEYS, 'empty q'];

/** Typed prefixes of the JSQuAD questions: written, kana and romaji, in turn. */
export function typedPrefixes(questions: string[]): string[] {
  const analyse = loadAnalyser();
  const out: string[] = [];
  questions.forEach((q, i) => {
    const n = 1 + (i % 4);
    const word = analyse(q).find(isContentWord);
    const kana = word ? toHiragana(word.reading!) : '';
    if (i % 3 === 0 || !kana) out.push([...q].slice(0, n).join(''));
    else if (i % 3 === 1) out.push([...kana].slice(0, 1 + n).join(''));
    else out.push(romajiOf(word!.reading!).slice(0, 2 + n));
  });
  return out.filter((p) => p.trim());
}

const suggestPath = (q: string) => `/suggest?q=${encodeURIComponent(q)}&limit=8`;

export async function suggestSection(quick: boolean, docsLimit: number | undefined) {
  const keyed = await startKeyedJsquadServer('suggest', docsLimit);
  const { server, scopedKey } = keyed;
  try {
    const auth: Record<Arm, string> = {
      'search-key': BENCH_SEARCH_KEY,
      scoped: scopedKey,
      'empty q': BENCH_SEARCH_KEY,
    };
    // The first request of each key builds its dictionary's titles and headings: timed apart, as a cold start; then
    // its terms join in the background, timed until a prefix gets one, before any load.
    const build: Record<string, number> = {};
    const terms: Record<string, number> = {};
    for (const arm of KEYS) {
      const t0 = performance.now();
      const res = await fetch(`${server.base}${suggestPath('ふて')}`, {
        headers: { authorization: `Bearer ${auth[arm]}` },
      });
      if (res.status !== 200) throw new Error(`suggest: ${res.status} ${await res.text()}`);
      build[arm] = r3(performance.now() - t0);
      const body = (await res.json()) as { suggestions: unknown[] };
      log(
        `suggest: ${arm} dictionary built by its first request in ${fmt(build[arm])} ms (${body.suggestions.length} for ふて)`,
      );
      for (let tries = 0; ; tries++) {
        const got = await fetch(`${server.base}${suggestPath('日')}`, {
          headers: { authorization: `Bearer ${auth[arm]}` },
        });
        const { suggestions } = (await got.json()) as { suggestions: { source: string }[] };
        if (suggestions.some((s) => s.source === 'term')) break;
        if (tries > 600) throw new Error(`suggest: no terms for ${arm} after 120 s`);
        await new Promise((r) => setTimeout(r, 200));
      }
      terms[arm] = r3(performance.now() - t0);
      log(`suggest: ${arm} terms in after ${fmt(terms[arm])} ms`);
    }
    const prefixes = typedPrefixes(loadQueries());
    const amounts: Record<number, number> = quick ? { 1: 200, 8: 800 } : { 1: 1000, 8: 4000 };
    const rows: { arm: Arm; c: number; result: LoadResult }[] = [];
    for (const c of [1, 8]) {
      const pooled = await interleavedLoad(ARMS, prefixes, async (arm, queries) => {
        const r = await runLoad({
          base: server.base,
          path: arm === 'empty q' ? () => suggestPath('') : suggestPath,
          queries,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 60,
          headers: { authorization: `Bearer ${auth[arm]}` },
        });
        if (r.non2xx) throw new Error(`suggest: ${r.non2xx} non-2xx answers for ${arm}`);
        return r;
      });
      for (const arm of ARMS) rows.push({ arm, c, result: pooled[arm] });
    }
    print(heading('suggest: GET /suggest on the JSQuAD index (written, kana and romaji prefixes), one server'));
    const t = [['key', 'c', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'first request ms', 'terms in ms']];
    for (const { arm, c, result } of rows)
      t.push([
        arm,
        String(c),
        String(result.ok),
        fmt(result.p50),
        fmt(result.p95),
        fmt(result.p99),
        fmt(result.rps, 0),
        arm in build ? fmt(build[arm]) : '-',
        arm in terms ? fmt(terms[arm]) : '-',
      ]);
    print(table(t, (col) => col > 1));
    return {
      prefixes: prefixes.length,
      buildMs: build,
      termsMs: terms,
      latency: rows.map((r) => ({
        arm: r.arm,
        concurrency: r.c,
        p50: r3(r.result.p50),
        p95: r3(r.result.p95),
        p99: r3(r.result.p99),
        rps: r3(r.result.rps),
        n: r.result.ok,
      })),
    };
  } finally {
    await keyed.stop();
  }
}
