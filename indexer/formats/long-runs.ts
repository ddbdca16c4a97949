/**
 * Runs of URL or encoded text over this many characters are not words: a playground link's base64 state, a data:
 * URI or a hash matches no query and drowns the chunk's real words (and the embedding's token budget).
 */
export const MAX_RUN = 40;

/** A URL with a scheme (or `www.`), up to whitespace or a character that cannot be in a bare URL. */
const URL_RUN = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bdata:|\bwww\.)[^\s<>"'`()[\]{}、。「」]*/giu;
/** A run of base64, base64url, hex or percent-encoded characters. */
const ENCODED_RUN = /[A-Za-z0-9+/=_%-]{41,}/g;

/**
 * Whether a long run is encoded rather than a (long) identifier: base64 mixes digits with both cases, hex is digits
 * and a–f, percent-encoding has many %XX. `some_long_snake_case_identifier_name_here` is none of these.
 */
function isEncoded(run: string): boolean {
  if (/\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)) return true;
  if (/^[0-9a-f]+$/i.test(run) && /\d/.test(run)) return true;
  return (run.match(/%[0-9A-F]{2}/gi)?.length ?? 0) >= 4;
}

/** Drops URL runs and encoded runs longer than MAX_RUN characters; shorter URLs (`https://vite.dev`) are kept. */
export function dropLongRuns(text: string): string {
  if (text.length <= MAX_RUN) return text;
  return text
    .replace(URL_RUN, (url) => (url.length > MAX_RUN ? '' : url))
    .replace(ENCODED_RUN, (run) => (isEncoded(run) ? '' : run));
}
