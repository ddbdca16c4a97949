import { collectLegs } from '../harness.ts';
import { BASELINE } from './baseline.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** Window depth: legs re-queried at each depth (semantic search is approximate, so depth changes its top hits too). */
export async function windowSweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, judged, window, log, standardRows, section } = ctx;
  const rows: SweepRow[] = [];
  for (const w of [20, 50, 100, 200]) {
    log(`sweep: window ${w}…`);
    const legs = w === window ? state.legs : await collectLegs(env, state.index.store, set.queries, { window: w });
    for (const r of standardRows(legs, judged, ` @${w}`))
      rows.push({ ...r, note: w === BASELINE.window ? 'before' : w === window ? 'after' : '' });
  }
  section(
    'window',
    'window depth (legs re-queried at each depth; semantic search is approximate, so depth changes its top hits too)',
    rows,
  );
}
