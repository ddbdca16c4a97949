import { createHash } from 'node:crypto';
import { normalizeForMatch } from '../text/normalize.ts';

/**
 * Content hash of a chunk: NFKC text plus heading path, so a chunk moved under another heading
 * (or whose heading was edited) counts as changed and gets re-embedded.
 */
export function chunkHash(
  text: string,
  headingPath: readonly string[],
  mark: { anchor?: string; code?: boolean; lead?: string } = {},
): string {
  // JSON keeps the parts apart: ['a', 'b'] + 'c' cannot collide with ['a'] + 'b\nc'.
  const parts: unknown[] = [headingPath.map(normalizeForMatch), normalizeForMatch(text)];
  // Only when set: a chunk with neither keeps the hash it always had, so plain text is never re-embedded for them.
  if (mark.anchor !== undefined || mark.code)
    parts.push(mark.anchor ?? null, mark.code === true, normalizeForMatch(mark.lead ?? ''));
  const payload = JSON.stringify(parts);
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
