/** A key or an origin with its searches (GET /analytics/searches' keys and origins), what the switch offers. */
export interface Named {
  name: string;
  searches: number;
}

// The per-key or per-origin switch: one <select> whose values are '' (all), key:<name> or origin:<name>.

export interface Scope {
  kind: 'key' | 'origin';
  name: string;
}

export function scopeValue(s: Scope | null): string {
  return s ? `${s.kind}:${s.name}` : '';
}

export function parseScope(value: string): Scope | null {
  const i = value.indexOf(':');
  const kind = value.slice(0, i);
  if (i < 0 || (kind !== 'key' && kind !== 'origin')) return null;
  return { kind, name: value.slice(i + 1) };
}

/** How a recorded key reads: key:<id> is a scoped key (POST /keys), the others are the configured keys. */
export function keyLabel(name: string): string {
  if (name.startsWith('key:')) return `スコープ付きキー ${name.slice(4)}`;
  if (name === 'search-key') return '検索キー (SEARCH_KEY)';
  if (name === 'admin') return '管理キー (ADMIN_KEY)';
  if (name === 'anonymous') return 'キーなし';
  return name;
}

export const originLabel = (name: string) => name || '(Origin なし: 同じサイトや API から直接)';

/**
 * Refills the switch with the keys and origins seen over the range (most searches first), keeping the chosen one even
 * when it has no searches in this range, so a change of range never silently widens the view.
 */
export function fillScopes(select: HTMLSelectElement, keys: Named[], origins: Named[], chosen: Scope | null): void {
  const groups: Array<[string, Scope['kind'], Named[], (n: string) => string]> = [
    ['キー別', 'key', keys, keyLabel],
    ['オリジン別', 'origin', origins, originLabel],
  ];
  while (select.options.length > 1) select.remove(1);
  for (const child of Array.from(select.querySelectorAll('optgroup'))) child.remove();
  for (const [label, kind, list, name] of groups) {
    const items = list.slice();
    if (chosen?.kind === kind && !items.some((n) => n.name === chosen.name))
      items.push({ name: chosen.name, searches: 0 });
    if (!items.length) continue;
    const group = document.createElement('optgroup');
    group.label = label;
    for (const n of items) {
      const option = document.createElement('option');
      option.value = scopeValue({ kind, name: n.name });
      option.textContent = `${name(n.name)} (${n.searches} 回)`;
      group.appendChild(option);
    }
    select.appendChild(group);
  }
  select.value = scopeValue(chosen);
}
