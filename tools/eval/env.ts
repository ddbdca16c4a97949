/** The eval's Meilisearch and product core: what every eval run opens first and always closes. */
import type { KeywordPlan } from '../../search/keyword-plan.ts';
import { createFold, type Fold } from '../../text/fold/fold.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configSchema, loadConfig, type Config } from '../../config/index.ts';
import { createLogger } from '../../service/logger.ts';
import { openCore, type Core } from '../../service/open-core.ts';
import { resolveSettings } from '../../service/settings.ts';
import { dropAll } from '../lib/drop-all.ts';
import type { Lexicon } from '../../text/lexicon/lexicon.ts';
import { searchSettings } from '../../search/search-settings.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import { findMeiliBinary } from '../../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../../store/meili-process.ts';
import { ROOT } from './datasets.ts';

export const DEFAULT_MODEL_DIR = path.resolve(ROOT, '..', 'shared', 'models', 'multilingual-e5-small');
/** Gitignored: passage vectors (the product's disk cache) and query vectors survive between runs. */
export const DEFAULT_CACHE_DIR = path.join(ROOT, 'tools', 'eval', '.cache');

export interface EvalEnvOptions {
  /** Environment passed through to loadConfig (MEILI_URL, EMBED_*, …); eval's own keys override it. */
  env?: Record<string, string | undefined>;
  /** Overrides on top, e.g. CHUNK_MAX_CHARS, STOP_WORDS, SEARCH_WINDOW, FUSION. */
  overrides?: Record<string, string>;
  /** DATA_DIR of the core: holds the embedding disk cache (never Meilisearch data). */
  cacheDir?: string;
  logLevel?: string;
}

export interface EvalEnv {
  core: Core;
  config: Config;
  meiliVersion: string;
  meiliMode: 'own' | 'external';
  /** Query vectors of this run, by text (also persisted under cacheDir/query-cache). */
  queryVectors: Map<string, number[]>;
  /** The query lexicon the product's searches use (LEXICON), loaded once. */
  lexicon: Lexicon | null;
  /** The folds of FOLD, applied to keyword queries as runSearch does. */
  fold: Fold;
  /** SYNONYMS_DEFAULT's synonyms (the eval sets no others). */
  synonyms: Record<string, string[]> | null;
  /** Extra stores made by variants, dropped on close. */
  stores: ChunkStore[];
  /** Keyword plans by query text, made against the set's index (legs.ts prepareKeywordPlans). */
  plans: Map<string, KeywordPlan>;
  close(): Promise<void>;
}

/**
 * One Meilisearch (MEILI_URL if given, else a fresh one in a temp dir, always stopped) and one core with a fresh
 * index. DATA_DIR points at the cache dir so passage vectors are reused across runs; Meilisearch data never is.
 */
export async function openEvalEnv(options: EvalEnvOptions = {}): Promise<EvalEnv> {
  const env = options.env ?? {};
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  let proc: MeiliProcess | null = null;
  let meiliTmp: string | null = null;
  let url = env.MEILI_URL;
  let key = env.MEILI_MASTER_KEY;
  let meiliVersion = '';
  if (!url) {
    meiliTmp = mkdtempSync(path.join(tmpdir(), 'kensaku-eval-meili-'));
    const binary = await findMeiliBinary({ explicit: env.MEILI_BIN, dataDir: cacheDir });
    // Started like the service's own Meilisearch, whose indexing-memory cap changes what a write costs.
    const maxIndexingMemory = configSchema.shape.MEILI_MAX_INDEXING_MEMORY.parse(env.MEILI_MAX_INDEXING_MEMORY);
    proc = await startMeilisearch({ binary: binary.path, dataDir: meiliTmp, maxIndexingMemory });
    url = proc.url;
    key = proc.masterKey;
    meiliVersion = binary.version;
  }
  const stopMeili = async () => {
    await proc?.stop();
    if (meiliTmp) rmSync(meiliTmp, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      ...env,
      EMBED_MODEL_DIR: env.EMBED_MODEL_DIR ?? DEFAULT_MODEL_DIR,
      EMBED_DOWNLOAD: env.EMBED_DOWNLOAD ?? 'off',
      DEMO_CORPUS: 'off',
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.overrides,
      MEILI_URL: url,
      MEILI_MASTER_KEY: key,
      DATA_DIR: cacheDir,
      INDEX_NAME: `eval_${Date.now().toString(36)}_${process.pid}`,
    });
    const core = await openCore({
      settings: resolveSettings(config),
      logger: createLogger(config.LOG_LEVEL, 2),
      separateIndexer: false,
    });
    if (!core.semantic.available || !core.embedder) {
      await dropAll(core.store);
      await core.close();
      throw new Error(`semantic leg unavailable, nothing to compare: ${core.semantic.reason}`);
    }
    const stores: ChunkStore[] = [];
    const search = searchSettings(core.settings.search);
    const loadLexicon = search.lexicon;
    return {
      core,
      config,
      lexicon: loadLexicon ? await loadLexicon() : null,
      fold: createFold(config.FOLD),
      synonyms: search.defaultSynonyms ? await search.defaultSynonyms() : null,
      meiliVersion: meiliVersion || core.meili.version,
      meiliMode: proc ? 'own' : 'external',
      queryVectors: new Map(),
      plans: new Map(),
      stores,
      async close() {
        for (const s of [core.store, ...stores]) await dropAll(s);
        await core.close();
        await stopMeili();
      },
    };
  } catch (e) {
    await stopMeili();
    throw e;
  }
}
