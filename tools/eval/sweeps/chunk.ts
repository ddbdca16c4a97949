import { stopWordsFor } from '../../../text/stop-words.ts';
import { buildIndex, collectLegs, judge } from '../harness.ts';
import { BASELINE } from './baseline.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** Chunk size (CHUNK_MAX_CHARS): a new index per size; documents are judged by their best chunk. */
export async function chunkSweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, judged, window, log, standardRows, section } = ctx;
  const rows: SweepRow[] = [];
  for (const size of [200, 400, 800]) {
    log(`sweep: CHUNK_MAX_CHARS ${size}…`);
    const idx =
      size === env.config.CHUNK_MAX_CHARS
        ? state.index
        : await buildIndex(env, set, {
            label: `chunk ${size}`,
            maxChars: size,
            stopWords: stopWordsFor(env.config.STOP_WORDS),
            vectors: true,
          });
    const j = size === env.config.CHUNK_MAX_CHARS ? judged : judge(set, idx.chunks).judged;
    const legs =
      size === env.config.CHUNK_MAX_CHARS ? state.legs : await collectLegs(env, idx.store, set.queries, { window });
    for (const r of standardRows(legs, j, ` @${size} (${idx.chunks.length} chunks)`, idx.chunks))
      rows.push({ ...r, note: size === BASELINE.chunkMaxChars ? 'before' : '' });
  }
  section('chunk', 'chunk size CHUNK_MAX_CHARS (new index each; documents judged by their best chunk)', rows);
}
