import { readFileSync } from 'node:fs';
import { synonymsBodySchema } from '../api/synonyms-schemas.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { compileSynonyms, type SynonymsInput } from '../text/synonyms.ts';
import { UsageError } from './usage-error.ts';

/**
 * `kensaku synonyms show` prints the keyword leg's synonyms; `kensaku synonyms load <file.json>` replaces them with a
 * file in the API's form ({"sets": [[...]], "oneWay": {...}}, as PUT /synonyms takes). No model is loaded.
 */
export async function synonymsCommand(settings: Settings, args: string[]): Promise<number> {
  const [verb, file] = args;
  if (!(verb === 'show' && args.length === 1) && !(verb === 'load' && args.length === 2))
    throw new UsageError('kensaku synonyms: show | load <file.json>');
  const input = verb === 'load' ? readInput(file) : null;
  const core = await openCore({
    settings,
    logger: createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel, 2),
    separateIndexer: false,
    embeddings: false,
  });
  try {
    if (input) await core.store.setSynonyms(compileSynonyms(input));
    const now = await core.store.getSynonyms();
    console.log(JSON.stringify({ oneWay: now }, null, 2));
    if (input) console.error(`synonyms: ${Object.keys(now).length} terms`);
    return 0;
  } finally {
    await core.close();
  }
}

function readInput(file: string): SynonymsInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KensakuError('invalid_request', `cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  const checked = synonymsBodySchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new KensakuError(
      'invalid_request',
      `${file}: ${issue.path.join('.') || 'body'}: ${issue.message} (expected {"sets": [["a", "b"], ...], "oneWay": {"a": ["b", ...]}})`,
    );
  }
  return checked.data;
}
