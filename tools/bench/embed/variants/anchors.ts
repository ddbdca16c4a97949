// Python anchors: onnxruntime rows, driven round by round through the anchors server (tools/bench/anchors/).
import type { AnchorMode, AnchorServer } from '../../../lib/anchors.ts';
import { cpuSeconds } from '../../../lib/proc.ts';
import type { Variant } from './types.ts';

const LABELS: Record<AnchorMode, string> = {
  'ort-single': 'onnxruntime (Python), one text per run',
  'ort-sorted16': 'onnxruntime (Python), length-sorted batches of 16',
  'ort-par': 'onnxruntime (Python), one-thread sessions side by side (one per core), one text per run',
};

export function anchorVariant(server: AnchorServer, mode: AnchorMode): Variant {
  return {
    name: `py-${mode}`,
    label: LABELS[mode],
    kind: 'anchor-ort',
    async run(round, keep) {
      // The work happens in Python: its CPU is "other", Node only waits.
      const cpu0 = cpuSeconds(server.pid);
      const row = await server.run(mode, round.ids, keep);
      return {
        passages: row.passages,
        seconds: row.seconds,
        nodeCpu: 0,
        otherCpu: cpuSeconds(server.pid) - cpu0,
        detail: { tokenize_s: row.tokenize_s, run_s: row.run_s, sort_s: row.sort_s },
        vectors: row.vectors,
        vectorIds: round.ids.slice(0, keep),
      };
    },
    close: async () => {},
  };
}
