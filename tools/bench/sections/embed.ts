// embed: end-to-end indexing vs raw onnxruntime, a subset of bench:embed. Its e2e-cli index becomes the shared JSQuAD
// index when every round ran, so the later sections need not embed the corpus again.
import { rmSync } from 'node:fs';
import { embedTables } from '../embed/report.ts';
import { runEmbedBench } from '../embed/run.ts';
import type { EmbedBenchResult } from '../embed/types.ts';
import { heading } from '../../lib/format.ts';
import type { BenchState } from '../../lib/jsquad-index.ts';
import { log, print } from '../../lib/log.ts';

export async function embedSection(
  quick: boolean,
  docsLimit: number | undefined,
  state: BenchState,
): Promise<EmbedBenchResult> {
  const res = await runEmbedBench({
    limit: docsLimit,
    rounds: quick ? 3 : 4,
    variants: quick
      ? ['py-ort-single', 'py-ort-par', 'local-b1', 'e2e-cli-inline', 'e2e-cli']
      : [
          'py-ort-single',
          'py-ort-sorted16',
          'py-ort-par',
          'local-b1',
          'pool-b1',
          'e2e-no-meili',
          'e2e-cli-inline',
          'e2e-cli',
        ],
    anchors: true,
    keepE2eCore: true,
    maxMinutes: quick ? 15 : 25,
    log,
  });
  if (res.e2eCore && res.roundsRun === res.roundsPlanned) {
    const e2e = res.variants.find((v) => v.name === 'e2e-cli')!;
    state.jsquad = {
      dataDir: res.e2eCore.dataDir,
      core: res.e2eCore.core,
      firstSeconds: e2e.seconds,
      firstHow: `embed section's e2e-cli: ${res.roundsRun} indexDocuments calls, one per round`,
      passages: e2e.passages,
    };
  } else if (res.e2eCore) {
    // A partial index would skew the first-index time reindex compares against.
    await res.e2eCore.close();
    rmSync(res.e2eCore.dataDir, { recursive: true, force: true });
  }
  print(heading('embedding throughput: end-to-end indexing vs raw runtime'));
  print(embedTables(res));
  return res;
}
