import { createHash } from 'node:crypto';
import { normalizeForMatch } from '../text/normalize.ts';

/**
 * Content hash of a chunk: NFKC text plus heading path, so a chunk moved under another heading
 * (or whose heading was edited) counts as changed and gets re-embedded.
 */
export function chunkHash(text: string, headingPath: readonly string[]): string {
  // JSON keeps the parts apart: ['a', 'b'] + 'c' cannot collide with ['a'] + 'b\nc'.
  const payload = JSON.stringify([headingPath.map(normalizeForMatch), normalizeForMatch(text)]);
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
