// The JSQuAD-indexed DATA_DIR the run.ts sections share: indexed once (by the embed section or here), re-indexed,
// then served.
import { createKeywordForm, type KeywordForm } from '../../indexer/keyword-form.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../service/logger.ts';
import { openCore, type Core } from '../../service/open-core.ts';
import { resolveSettings } from '../../service/settings.ts';
import { indexDocuments } from '../../indexer/pipeline/index-documents.ts';
import type { IndexSummary } from '../../indexer/pipeline/types.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import { jsquadConfig } from './jsquad-config.ts';
import { loadParagraphs, toDocuments } from './jsquad.ts';
import { log } from './log.ts';

export interface JsquadIndex {
  dataDir: string;
  core: Core | null;
  firstSeconds: number;
  /** How the first index was made (one call, or the embed section's interleaved rounds). */
  firstHow: string;
  passages: number;
}

/** What the sections hand on to each other. */
export interface BenchState {
  jsquad?: JsquadIndex;
}

/** JSQuAD paragraphs the sections use (`limit` from --docs; undefined = all 1145). */
export const jsquadDocs = (limit: number | undefined) => toDocuments(loadParagraphs(limit));

export const openJsquadCore = (dataDir: string, env: Record<string, string> = {}) =>
  openCore({
    settings: resolveSettings(jsquadConfig(dataDir, env)),
    logger: createLogger('silent'),
    separateIndexer: false,
  });

export const sumSummaries = (ss: IndexSummary[]) => ({
  added: ss.reduce((s, x) => s + x.added, 0),
  unchanged: ss.reduce((s, x) => s + x.unchanged, 0),
  chunksWritten: ss.reduce((s, x) => s + x.chunksWritten, 0),
  failed: ss.reduce((s, x) => s + x.failed.length, 0),
});

// One keyword form per core, as its task queue has: its analyser loads once, not in every timed call.
const forms = new WeakMap<Core, KeywordForm>();
const formOf = (core: Core) =>
  forms.get(core) ?? forms.set(core, createKeywordForm(core.settings.keywordForm)).get(core)!;

/** One indexDocuments call the way `kensaku index` makes it. */
export async function timedIndex(core: Core, docs: SourceDocument[]) {
  const keywordForm = formOf(core);
  const t0 = performance.now();
  const summary = await indexDocuments(docs, {
    store: core.store,
    embedder: core.semantic.available ? core.indexEmbedder : null,
    embedderName: core.semantic.available ? core.semantic.embedderName : null,
    maxChars: core.settings.chunking.maxChars,
    keywordForm,
  });
  return { seconds: (performance.now() - t0) / 1000, summary };
}

/** First index of the JSQuAD paragraphs on a fresh DATA_DIR, one call: used when the embed section did not run. */
export async function indexJsquadFresh(limit: number | undefined): Promise<JsquadIndex> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-jsquad-'));
  const core = await openJsquadCore(dataDir);
  if (!core.semantic.available) throw new Error(`semantic leg unavailable: ${core.semantic.reason}`);
  const docs = jsquadDocs(limit);
  log(`jsquad: indexing ${docs.length} paragraphs (fresh DATA_DIR, real model, one indexDocuments call)`);
  const { seconds, summary } = await timedIndex(core, docs);
  if (summary.failed.length) throw new Error(`jsquad index failed: ${JSON.stringify(summary.failed.slice(0, 3))}`);
  return { dataDir, core, firstSeconds: seconds, firstHow: 'one indexDocuments call', passages: summary.chunksWritten };
}
