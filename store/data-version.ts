import type { Meilisearch } from 'meilisearch';
import { meili } from './meili-errors.ts';

// Another process's write shows in the version at most this late; this process's own writes show at once.
export const DATA_VERSION_CHECK_MS = 1_000;

export interface DataVersion {
  /** Changes whenever what a search reads may have changed; equal strings mean the same data. */
  get(): Promise<string>;
  /** This process wrote: the next get() reflects it without waiting for the check. */
  bump(): void;
}

/**
 * The version of the data searches read (chunks, records, the meta index's synonyms), as the indexes' updatedAt: one
 * request for the three at most every DATA_VERSION_CHECK_MS, shared by concurrent callers. Meilisearch moves an index's
 * updatedAt when a write to it is applied, whoever sent it, so N processes see each other's writes by it. When it moves, onChange lets the store drop what it kept of the old
 * data, so nothing computed under the new version reads the old.
 */
export function createDataVersion(
  client: Meilisearch,
  uids: readonly string[],
  /** The stamp moved: caches of what was read from the data (synonyms, counts, words) are stale from here on. */
  onChange: () => void = () => undefined,
): DataVersion {
  let writes = 0;
  let lastStamp: string | null = null;
  let kept: { stamp: string; at: number } | null = null;
  let loading: Promise<string> | null = null;

  async function load(): Promise<string> {
    const writesBefore = writes;
    const infos = await meili('reading index versions', () =>
      Promise.all(uids.map((uid) => client.index(uid).getRawInfo())),
    );
    const stamp = infos.map((i) => String(i.updatedAt)).join('|');
    if (lastStamp !== null && stamp !== lastStamp) onChange();
    lastStamp = stamp;
    // A write of ours that landed while we asked may not be in what Meilisearch answered: ask again next time.
    if (writes === writesBefore) kept = { stamp, at: performance.now() };
    return stamp;
  }

  return {
    async get() {
      const fresh = kept && performance.now() - kept.at < DATA_VERSION_CHECK_MS ? kept.stamp : null;
      const stamp =
        fresh ??
        (await (loading ??= load().finally(() => {
          loading = null;
        })));
      return `${writes}:${stamp}`;
    },
    bump() {
      writes++;
      kept = null;
    },
  };
}
