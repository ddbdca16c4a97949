import type { ModelDtype } from './types.ts';

/**
 * Lets transformers.js fetch `hubId` (e.g. `Xenova/multilingual-e5-small`) from the model hub.
 * Its file cache keeps the repo layout, so the files land in `<cacheDir>/<hubId>/` and that
 * folder is an ordinary model folder afterwards. Needs internet; not exercised by the tests.
 */
export async function downloadModel(hubId: string, cacheDir: string, dtype: ModelDtype): Promise<void> {
  const { AutoModel, AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = true;
  env.useFSCache = true;
  const options = { cache_dir: cacheDir, local_files_only: false };
  await AutoTokenizer.from_pretrained(hubId, options);
  const model = await AutoModel.from_pretrained(hubId, { ...options, dtype });
  await model.dispose();
}
