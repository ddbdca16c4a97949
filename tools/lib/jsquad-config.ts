// The service config every bench DATA_DIR opens with (embed e2e rows, the shared JSQuAD index, scale).
import { loadConfig } from '../../config/index.ts';
import { MODEL_DIR } from './paths.ts';

/** Tuning knobs a bench run may set in its environment (e.g. `MEILI_INDEXING_THREADS=1 npm run bench:embed`). */
const PASSED_THROUGH = [
  'MEILI_INDEXING_THREADS',
  'EMBED_SPIN',
  'EMBED_THREADS',
  'EMBED_INDEX_WORKERS',
  'EMBED_INDEX_THREADS',
];

/** Settings for a bench service on `dataDir`: the shared model, no demo corpus, no downloads, quiet logs. */
export function jsquadConfig(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({
    ...Object.fromEntries(PASSED_THROUGH.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}
