import type { Meilisearch, Settings } from 'meilisearch';
import { meili } from './meili-errors.ts';
import { settingsDiff } from './settings.ts';
import type { settle } from './tasks.ts';

type Wait = (doing: string, enqueue: Parameters<typeof settle>[2]) => Promise<void>;

/** True when a failed create says the index is there already (another process made it first). */
export function alreadyExists(e: unknown): boolean {
  return /already exists/.test(String((e as Error)?.message));
}

/** Creates the index unless it exists; several processes may start at once, and one of them wins. */
export async function createIndexIfMissing(client: Meilisearch, uid: string, wait: Wait): Promise<void> {
  const exists = await meili('reading indexes', () =>
    client.getIndex(uid).then(
      () => true,
      () => false,
    ),
  );
  if (exists) return;
  try {
    await wait(`creating index ${uid}`, () => client.createIndex(uid, { primaryKey: 'id' }));
  } catch (e) {
    if (!alreadyExists(e)) throw e;
  }
}

/** The index with these settings: created if missing, and only the settings that differ applied. */
export async function ensureIndex(client: Meilisearch, uid: string, settings: Settings, wait: Wait): Promise<void> {
  await createIndexIfMissing(client, uid, wait);
  const diff = settingsDiff(await meili('reading settings', () => client.index(uid).getSettings()), settings);
  if (Object.keys(diff).length > 0)
    await wait(`configuring index ${uid}`, () => client.index(uid).updateSettings(diff));
}
