import path from 'node:path';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import { downloadModel } from './model-download.ts';
import { missingModelFiles, onnxFileFor } from './model-files.ts';
import type { ModelDtype } from './types.ts';

export interface LocateModelOptions {
  /** EMBED_MODEL: a name (`multilingual-e5-small`) or a hub id (`Xenova/multilingual-e5-small`). */
  model: string;
  /** EMBED_MODEL_DIR: when set, the only place looked. */
  modelDir?: string;
  projectRoot: string;
  dataDir: string;
  /** EMBED_DOWNLOAD: fetch from the model hub into `<dataDir>/models` when not found locally. */
  download: boolean;
  dtype: ModelDtype;
  /** Replaceable for tests; defaults to transformers.js's hub download. */
  downloader?: (hubId: string, cacheDir: string, dtype: ModelDtype) => Promise<void>;
}

export interface LocatedModel {
  dir: string;
  /** Model name without the hub owner, e.g. `multilingual-e5-small`. */
  name: string;
  source: 'EMBED_MODEL_DIR' | 'project' | 'shared' | 'downloaded';
}

/** Finds a usable model folder, or throws model_not_found listing every place looked. */
export async function locateModel(options: LocateModelOptions): Promise<LocatedModel> {
  const { model, projectRoot, dataDir, dtype } = options;
  const name = model.split('/').pop()!;
  const hubId = model.includes('/') ? model : `Xenova/${model}`;
  const downloadRoot = path.join(dataDir, 'models');
  const candidates: Array<Omit<LocatedModel, 'name'>> = options.modelDir
    ? [{ dir: path.resolve(options.modelDir), source: 'EMBED_MODEL_DIR' }]
    : [
        { dir: path.join(projectRoot, 'models', name), source: 'project' },
        { dir: path.resolve(projectRoot, '..', 'shared', 'models', name), source: 'shared' },
        { dir: path.join(downloadRoot, hubId), source: 'downloaded' },
      ];
  const looked: string[] = [];
  const find = (): LocatedModel | undefined => {
    for (const c of candidates) {
      const missing = missingModelFiles(c.dir, dtype);
      if (missing.length === 0) return { ...c, name };
      looked.push(`${c.dir} (missing ${missing.join(', ')})`);
    }
    return undefined;
  };

  const found = find();
  if (found) return found;
  let downloadNote = 'download not attempted (EMBED_DOWNLOAD=off)';
  if (options.modelDir) downloadNote = 'download not attempted (EMBED_MODEL_DIR is set)';
  else if (options.download) {
    try {
      await (options.downloader ?? downloadModel)(hubId, downloadRoot, dtype);
      looked.length = 0;
      const downloaded = find();
      if (downloaded) return downloaded;
      downloadNote = `downloaded ${hubId} but the folder is still incomplete`;
    } catch (e) {
      downloadNote = `download of ${hubId} into ${downloadRoot} failed: ${errorMessage(e)}`;
    }
  }
  throw new KensakuError(
    'model_not_found',
    `embedding model "${model}" (dtype ${dtype}) not found. Looked in:\n` +
      looked.map((l) => `  - ${l}\n`).join('') +
      `  - ${downloadNote}\n` +
      `Fix: set EMBED_MODEL_DIR to a transformers.js model folder (config.json, tokenizer.json, ` +
      `${onnxFileFor(dtype)}), or set EMBED_DOWNLOAD=on on a machine with internet access ` +
      `to fetch ${hubId} into ${downloadRoot}.`,
  );
}
