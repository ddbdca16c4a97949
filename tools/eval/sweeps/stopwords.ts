import { stopWordsFor } from '../../../text/stop-words.ts';
import { buildIndex, collectLegs } from '../harness.ts';
import { BASELINE } from './baseline.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** Stop-word lists: a keyword-only index per list; the hybrid rows reuse the standard semantic leg. */
export async function stopwordsSweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, window, def, log, mean, section } = ctx;
  const shipped = stopWordsFor('ja');
  const lists: [string, string[], string][] = [
    ['none', [], ''],
    [`baseline list (${BASELINE.stopWords.length} words)`, BASELINE.stopWords, 'before'],
    [`shipped list (${shipped.length} words)`, shipped, 'after'],
  ];
  const rows: SweepRow[] = [];
  for (const [name, words, note] of lists) {
    if (note === 'after' && sameSet(words, BASELINE.stopWords)) continue;
    log(`sweep: stop words ${name}…`);
    const idx = await buildIndex(env, set, {
      label: name,
      maxChars: env.config.CHUNK_MAX_CHARS,
      stopWords: words,
      vectors: false,
    });
    const kwLegs = await collectLegs(env, idx.store, set.queries, { window, semantic: false });
    const legs = kwLegs.map((l, i) => ({ ...l, semantic: state.legs[i].semantic }));
    rows.push({ name: `keyword, ${name}`, metrics: mean(legs, 'keyword', def, 0), note });
    rows.push({
      name: `hybrid ${def.name} ${def.defaultWeight}, ${name}`,
      metrics: mean(legs, 'hybrid', def, def.defaultWeight),
      note,
    });
  }
  section('stopwords', 'stop words (keyword-only index per list; hybrid uses the standard semantic leg)', rows);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}
