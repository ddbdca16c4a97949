// reindex: the unchanged corpus indexed again (same process, same DATA_DIR), against the first index.
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import {
  indexJsquadFresh,
  jsquadDocs,
  openJsquadCore,
  sumSummaries,
  timedIndex,
  type BenchState,
} from '../../lib/jsquad-index.ts';
import { log, print } from '../../lib/log.ts';

export async function reindexSection(docsLimit: number | undefined, state: BenchState) {
  state.jsquad ??= await indexJsquadFresh(docsLimit);
  const j = state.jsquad;
  const docs = jsquadDocs(docsLimit);
  if (!j.core) j.core = await openJsquadCore(j.dataDir);
  log('reindex: second indexDocuments of the unchanged corpus (same process, same DATA_DIR)');
  const runs: { seconds: number; summary: ReturnType<typeof sumSummaries> }[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await timedIndex(j.core, docs);
    runs.push({ seconds: r.seconds, summary: sumSummaries([r.summary]) });
  }
  const second = Math.min(...runs.map((r) => r.seconds));
  const res = {
    documents: docs.length,
    passages: j.passages,
    firstSeconds: r3(j.firstSeconds),
    firstHow: j.firstHow,
    reindexSeconds: runs.map((r) => r3(r.seconds, 4)),
    reindexSummary: runs[0].summary,
    ratio: r3(j.firstSeconds / second, 1),
  };
  const allUnchanged = runs.every((r) => r.summary.unchanged === docs.length && r.summary.chunksWritten === 0);
  print(heading('re-index of an unchanged corpus'));
  print(
    table([
      ['run', 'seconds', 'unchanged', 'chunks written', 'first ÷ this'],
      [`first index (${j.firstHow})`, fmt(j.firstSeconds, 2), '0', String(j.passages), '1.00×'],
      ...runs.map((r, i) => [
        `re-index #${i + 1}, same process`,
        fmt(r.seconds, 3),
        String(r.summary.unchanged),
        String(r.summary.chunksWritten),
        fmtRatio(j.firstSeconds / r.seconds),
      ]),
    ]),
  );
  print(
    `target: re-index ≥ 50× faster than the first index: ${fmtRatio(res.ratio)} (best of 3) -> ${res.ratio >= 50 ? 'MET' : 'NOT MET'}${allUnchanged ? '' : '  (WARNING: not all documents reported unchanged)'}`,
  );
  return { ...res, allUnchanged };
}
