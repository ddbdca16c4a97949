/** Directives that carry a value of their own (`max-snippet: 20`, `unavailable_after: …`): not user agents. */
const VALUED = new Set([
  'max-snippet',
  'max-image-preview',
  'max-video-preview',
  'unavailable_after',
  'indexifembedded',
]);

/** X-Robots-Tag: `noindex`, `nofollow`, `none`, each possibly for one crawler only (`otherbot: noindex`). */
export function robotsHeader(value: string | null, token: string): { noindex: boolean; nofollow: boolean } {
  const found = { noindex: false, nofollow: false };
  if (!value) return found;
  let forUs = true;
  for (const part of value.toLowerCase().split(',')) {
    let directive = part.trim();
    const prefixed = /^([a-z0-9_-]+)\s*:\s*(.*)$/.exec(directive);
    if (prefixed && !VALUED.has(prefixed[1])) {
      forUs = prefixed[1] === token || prefixed[1] === '*';
      directive = prefixed[2].trim();
    }
    if (!forUs) continue;
    if (directive === 'noindex' || directive === 'none') found.noindex = true;
    if (directive === 'nofollow' || directive === 'none') found.nofollow = true;
  }
  return found;
}
