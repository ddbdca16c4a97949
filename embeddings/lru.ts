/** Least-recently-used map on top of Map's insertion order. Size 0 disables it. */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
}

export function createLru<K, V>(maxSize: number): Lru<K, V> {
  const map = new Map<K, V>();
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key, value) {
      if (maxSize <= 0) return;
      map.delete(key);
      map.set(key, value);
      if (map.size > maxSize) map.delete(map.keys().next().value as K);
    },
    delete: (key) => void map.delete(key),
    get size() {
      return map.size;
    },
  };
}
