// Loads the requested variants in table order. Everything it starts goes into `s` as soon as it exists, so the
// caller's finally can close it even when a later variant fails to load.
import { ensureAnchorsVenv, startAnchorServer, type AnchorMode, type AnchorServer } from '../../lib/anchors.ts';
import { round as r3 } from '../../lib/format.ts';
import type { Passages } from '../../lib/jsquad.ts';
import type { EmbedBenchOptions } from './types.ts';
import { anchorVariant } from './variants/anchors.ts';
import { e2eNoMeiliVariant, e2eVariant, type E2eVariant } from './variants/e2e.ts';
import { availableParallelism } from 'node:os';
import { localVariant, poolVariant } from './variants/embedders.ts';
import type { Variant } from './variants/types.ts';

export interface Setup {
  variants: Variant[];
  anchors?: AnchorServer;
  anchorStatus: string;
  /** The e2e-cli row, which keepE2eCore hands to a later section. */
  e2eCli?: E2eVariant;
  notes: string[];
}

const ANCHOR_MODES: AnchorMode[] = ['ort-single', 'ort-sorted16', 'ort-par'];

export async function setupVariants(
  o: EmbedBenchOptions,
  passages: Passages,
  want: Set<string>,
  s: Setup,
): Promise<void> {
  const modes = ANCHOR_MODES.filter((m) => want.has(`py-${m}`));
  if (modes.length && o.anchors) {
    const venv = ensureAnchorsVenv(o.log);
    s.anchorStatus = venv.message;
    if (venv.ok) {
      o.log(`embed: starting Python anchors (${modes.join(', ')})`);
      s.anchors = await startAnchorServer(passages.texts, modes, 2, o.log);
      const anchors = s.anchors;
      for (const e of anchors.info.errors) s.notes.push(`anchor ${e.mode} failed to load: ${e.error}`);
      for (const m of modes)
        if (!anchors.info.errors.some((e) => e.mode === m)) s.variants.push(anchorVariant(anchors, m));
    } else s.notes.push(`anchors unavailable: ${venv.message}`);
  } else if (modes.length) s.anchorStatus = 'skipped (--no-anchors)';

  const add = async (name: string, make: () => Promise<Variant>) => {
    if (!want.has(name)) return;
    o.log(`embed: loading ${name}`);
    const t0 = performance.now();
    const v = await make();
    v.info = { ...v.info, load_s: r3((performance.now() - t0) / 1000) };
    s.variants.push(v);
  };
  await add('local-b1', localVariant);
  await add('pool-b1', () => poolVariant(availableParallelism()));
  await add('e2e-no-meili', e2eNoMeiliVariant);
  if (want.has('e2e-cli')) {
    o.log('embed: opening core for e2e-cli (fresh DATA_DIR, own Meilisearch)');
    s.e2eCli = await e2eVariant({ worker: false, keepDataDir: o.keepE2eCore, log: o.log });
    s.variants.push(s.e2eCli);
  }
  if (want.has('e2e-cli-inline')) {
    o.log('embed: opening core for e2e-cli-inline (fresh DATA_DIR, own Meilisearch, readings on the feeding thread)');
    s.variants.push(await e2eVariant({ worker: false, inline: true, log: o.log }));
  }
  if (want.has('e2e-cli-1x2')) {
    o.log('embed: opening core for e2e-cli-1x2 (fresh DATA_DIR, own Meilisearch, one worker of 2 threads)');
    s.variants.push(await e2eVariant({ worker: false, layout: { workers: 1, threads: 2 }, log: o.log }));
  }
  if (want.has('e2e-worker')) {
    o.log('embed: opening core for e2e-worker (fresh DATA_DIR, own Meilisearch, worker indexer)');
    s.variants.push(await e2eVariant({ worker: true, log: o.log }));
  }
}
