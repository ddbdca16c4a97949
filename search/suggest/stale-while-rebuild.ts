interface Slot<T> {
  stamp: string | number | null;
  value: T | null;
  builtAt: number;
  building: Promise<T> | null;
}

/** Builds a key's value; `quick`, when given, makes a first, partial value for a key that has none yet. */
export type Rebuild<T> = (
  key: string,
  stamp: string | number,
  build: () => Promise<T>,
  quick?: () => Promise<T>,
) => Promise<T>;

/**
 * Keeps one value per key (at most `max` keys, least recently used dropped), built on first use and rebuilt in the
 * background when its stamp moves, at most every `minAge` ms; the last value answers meanwhile. With `quick`, a key's
 * first use waits only for the quick value and the full build follows at once. A failed build throws to a caller
 * that has no value to fall back on, and is tried again by the next use.
 */
export function staleWhileRebuild<T>(max: number, minAge: number): Rebuild<T> {
  const slots = new Map<string, Slot<T>>();
  return async (key, stamp, build, quick) => {
    let slot = slots.get(key);
    if (slot) slots.delete(key);
    else {
      slot = { stamp: null, value: null, builtAt: 0, building: null };
      if (slots.size >= max) slots.delete(slots.keys().next().value!);
    }
    slots.set(key, slot);
    const s = slot;
    // A partial value (stamp null) is due at once; a full one once its stamp moved and it is old enough.
    const due = s.value === null || s.stamp === null || (s.stamp !== stamp && performance.now() - s.builtAt >= minAge);
    const run = (make: () => Promise<T>, full: boolean) =>
      make()
        .then((v) => {
          Object.assign(s, { value: v, stamp: full ? stamp : null, builtAt: performance.now() });
          return v;
        })
        .finally(() => {
          s.building = null;
        });
    if (due && !s.building) {
      if (s.value === null && quick) {
        s.building = run(quick, false);
        // The full build starts as soon as the quick one is in (or failed: then the next use tries again).
        void s.building.then(
          () => {
            s.building ??= run(build, true);
            s.building.catch(() => undefined);
          },
          () => undefined,
        );
      } else s.building = run(build, true);
    }
    if (s.value !== null) {
      s.building?.catch(() => undefined);
      return s.value;
    }
    return s.building!;
  };
}
