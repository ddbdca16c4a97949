import { getKey } from '../app/key.ts';

// The admin key: ?key= in the URL, else the one typed into the page (this tab's sessionStorage: it is the admin key,
// so it is not kept past the tab), else the search page's stored key (a deployment whose one key is the admin key).

const SESSION_KEY = 'kensaku.adminKey';

export function adminKey(): string {
  const typed = readSession();
  if (typed && !new URLSearchParams(location.search).has('key')) return typed;
  return getKey();
}

/** Keeps a typed key for this tab; '' forgets it. */
export function rememberKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(SESSION_KEY, key);
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage disabled: the key then lasts until the page is left
    memory = key;
  }
}

let memory = '';

function readSession(): string {
  try {
    return sessionStorage.getItem(SESSION_KEY) || '';
  } catch {
    return memory;
  }
}

/** ?key= of this page, for the query links to carry to the search page as its own ?key= convention does. */
export function urlKey(): string {
  return new URLSearchParams(location.search).get('key') || '';
}
