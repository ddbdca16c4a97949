import { fileURLToPath } from 'node:url';
import {
  createEmbedder,
  createSharedEmbedders,
  type CachedEmbedder,
  type CreateEmbedderOptions,
} from '../embeddings/index.ts';
import { KensakuError } from '../errors/kensaku-error.ts';

/** The project root: where `models/<name>` is looked for, and `../shared/models/<name>` beside it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * One embedder role's options, fully resolved by service/settings.ts: createEmbedder's, or, when the configured
 * provider is incomplete, why it cannot load (the service then runs keyword-only and says why).
 */
export type EmbedderRoleOptions = CreateEmbedderOptions | { provider: 'openai'; invalid: string };

/** The embedder of one role, built exactly as its options say. */
export async function loadEmbedder(options: EmbedderRoleOptions): Promise<CachedEmbedder> {
  if ('invalid' in options) throw new KensakuError('invalid_config', options.invalid);
  return createEmbedder(options);
}

/**
 * The server's query and indexing embedders on one model (settings' `indexOnQuerySession`): the query role's
 * options; indexing adds the passage disk cache.
 */
export async function loadSharedEmbedders(
  query: EmbedderRoleOptions,
): Promise<{ query: CachedEmbedder; index: CachedEmbedder }> {
  if ('invalid' in query) throw new KensakuError('invalid_config', query.invalid);
  if (query.provider !== 'local' || !query.worker)
    throw new KensakuError('invalid_config', 'indexing shares the query model only when it is local, on a worker');
  return createSharedEmbedders(query);
}
