import { normalizeForMatch } from '../../../text/normalize.ts';
import { collectLegs } from '../harness.ts';
import type { SweepContext } from './context.ts';

/** The query text as sent: as typed (shipped) or NFKC like the index. */
export async function querySweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, window, def, log, mean, section } = ctx;
  log('sweep: query normalisation…');
  const legs = await collectLegs(env, state.index.store, set.queries, {
    window,
    semantic: false,
    rewrite: normalizeForMatch,
  });
  const merged = legs.map((l, i) => ({ ...l, semantic: state.legs[i].semantic }));
  section('query', 'query text as sent (the index holds NFKC text; the API sends the query as typed)', [
    { name: 'keyword, query as typed', metrics: mean(state.legs, 'keyword', def, 0), note: 'shipped' },
    { name: 'keyword, query NFKC', metrics: mean(merged, 'keyword', def, 0) },
    {
      name: `hybrid ${def.name}, query as typed`,
      metrics: mean(state.legs, 'hybrid', def, def.defaultWeight),
      note: 'shipped',
    },
    { name: `hybrid ${def.name}, query NFKC`, metrics: mean(merged, 'hybrid', def, def.defaultWeight) },
  ]);
}
