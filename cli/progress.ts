import cliProgress from 'cli-progress';
import type { IndexProgress } from '../indexer/pipeline/types.ts';

/** A bar on stderr in `format`; without a terminal it prints a line every 5 s instead of redrawing. */
export function stderrBar(format: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
}

/** A progress bar on stderr (documents, chunks, chunks/s, ETA); silent when stderr is not a terminal and in --json. */
export function createIndexProgressBar(enabled: boolean, doing = 'indexing') {
  if (!enabled) return { update: (_p: IndexProgress) => {}, stop: () => {} };
  const started = Date.now();
  const bar = stderrBar(
    `${doing} [{bar}] {value}/{total} documents | {chunks} chunks | {rate} chunks/s | ETA {eta_formatted}`,
  );
  let begun = false;
  return {
    update(p: IndexProgress) {
      if (!begun) {
        bar.start(p.documentsTotal, 0, { chunks: 0, rate: '0.0' });
        begun = true;
      }
      const rate = (p.chunksDone / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
      bar.update(p.documentsDone, { chunks: p.chunksDone, rate });
    },
    stop: () => begun && bar.stop(),
  };
}
