// runEmbedBench: load the variants, run the interleaved rounds, total them up, close everything it started.
import { round as r3 } from '../../lib/format.ts';
import { loadParagraphs, passagesOf, toDocuments } from '../../lib/jsquad.ts';
import { loadAverage } from '../../lib/proc.ts';
import { bestOrt, e2eTargets, variantResults, vectorChecks } from './aggregate.ts';
import { makeRounds, runRounds } from './rounds.ts';
import { setupVariants, type Setup } from './setup.ts';
import type { EmbedBenchOptions, EmbedBenchResult } from './types.ts';

export async function runEmbedBench(o: EmbedBenchOptions): Promise<EmbedBenchResult> {
  const started = performance.now();
  const want = new Set(o.variants);
  const passages = passagesOf(toDocuments(loadParagraphs(o.limit)));
  const rounds = makeRounds(passages, o.rounds);
  o.log(
    `embed: ${passages.documents.length} JSQuAD paragraphs -> ${passages.texts.length} passages (chunks), ${rounds.length} rounds`,
  );
  const loadBefore = loadAverage();

  const s: Setup = { variants: [], anchorStatus: 'not requested', notes: [] };
  const notes = s.notes;
  try {
    await setupVariants(o, passages, want, s);
    const { per, roundsRun } = await runRounds(
      s.variants,
      rounds,
      started + o.maxMinutes * 60_000,
      o.maxMinutes,
      notes,
      o.log,
    );

    const best = bestOrt(s.variants, per);
    const results = variantResults(s.variants, per, best);
    const checks = vectorChecks(per);
    const e2eTarget = e2eTargets(
      results,
      best,
      bestOrt(s.variants, per, (name) => name !== 'py-ort-par'),
    );
    notes.push(
      'e2e rows index each round with its own indexDocuments call on one DATA_DIR (fresh index, cold disk cache); model load and Meilisearch start are not timed',
    );

    return {
      documents: passages.documents.length,
      passages: passages.texts.length,
      roundsPlanned: rounds.length,
      roundsRun,
      variants: results,
      bestOrt: best ? { name: best.name, rate: r3(best.rate) } : null,
      e2eTarget,
      vectorChecks: checks,
      anchors: { status: s.anchorStatus, info: s.anchors?.info },
      loadAverage: { before: loadBefore, after: loadAverage() },
      notes,
      e2eCore: o.keepE2eCore ? s.e2eCli : undefined,
      seconds: r3((performance.now() - started) / 1000),
    };
  } finally {
    for (const v of s.variants) {
      if (o.keepE2eCore && v === s.e2eCli) continue;
      await v.close().catch((e) => o.log(`close ${v.name}: ${(e as Error).message}`));
    }
    await s.anchors?.close();
  }
}
