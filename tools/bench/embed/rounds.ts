// Interleaved rounds: every variant embeds the same slice before the next slice starts, in an order that rotates per
// round, so a noisy 2-core machine hands each variant about the same share of the CPU.
import { fmt } from '../../lib/format.ts';
import type { Passages } from '../../lib/jsquad.ts';
import { loadAverage } from '../../lib/proc.ts';
import type { Measurement, Round, Variant } from './variants/types.ts';

/** Cuts the documents into `count` consecutive groups of about equal passage counts. */
export function makeRounds(p: Passages, count: number): Round[] {
  const total = p.texts.length;
  const rounds: Round[] = [];
  let doc = 0;
  let passage = 0;
  for (let r = 0; r < count && doc < p.documents.length; r++) {
    const goal = Math.round(((r + 1) * total) / count);
    const round: Round = { index: r, documents: [], ids: [], texts: [] };
    while (doc < p.documents.length && (passage < goal || round.documents.length === 0)) {
      const n = p.perDocument[doc];
      round.documents.push(p.documents[doc]);
      for (let k = 0; k < n; k++) {
        round.ids.push(passage + k);
        round.texts.push(p.texts[passage + k]);
      }
      passage += n;
      doc++;
    }
    rounds.push(round);
  }
  return rounds;
}

export interface RoundsRun {
  /** Each variant's measurements, one per round it ran. */
  per: Map<string, Measurement[]>;
  roundsRun: number;
}

/** Runs the rounds until done or past `deadline` (performance.now() ms); a started round always finishes. */
export async function runRounds(
  variants: Variant[],
  rounds: Round[],
  deadline: number,
  maxMinutes: number,
  notes: string[],
  log: (s: string) => void,
): Promise<RoundsRun> {
  const per = new Map<string, Measurement[]>(variants.map((v) => [v.name, []]));
  let roundsRun = 0;
  for (const round of rounds) {
    if (performance.now() > deadline) {
      notes.push(`stopped after ${roundsRun} of ${rounds.length} rounds (--max-minutes ${maxMinutes})`);
      break;
    }
    const order = variants.map((_, i) => variants[(i + round.index) % variants.length]);
    log(
      `embed: round ${round.index + 1}/${rounds.length}: ${round.documents.length} documents, ${round.texts.length} passages, load ${loadAverage()[0]}`,
    );
    for (const v of order) {
      // Only the first round keeps vectors (8 per variant): enough for the cosine checks.
      const m = await v.run(round, round.index === 0 ? 8 : 0);
      if (m.vectors && !m.vectorIds) m.vectorIds = round.ids.slice(0, m.vectors.length);
      per.get(v.name)!.push(m);
      log(
        `  ${v.name.padEnd(20)} ${String(m.passages).padStart(5)} passages ${fmt(m.seconds, 1).padStart(7)} s  ${fmt(m.passages / m.seconds, 1).padStart(6)}/s`,
      );
    }
    roundsRun++;
  }
  return { per, roundsRun };
}
