const KEY_STORAGE = 'kensaku.key';

/** The search key, read per request: ?key= in the page URL, else localStorage['kensaku.key']. */
export function getKey(): string {
  const fromUrl = new URLSearchParams(location.search).get('key');
  if (fromUrl) return fromUrl;
  try {
    return localStorage.getItem(KEY_STORAGE) || '';
  } catch {
    return ''; // storage disabled
  }
}
