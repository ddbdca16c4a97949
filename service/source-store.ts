import { createHash } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import type { CrawlCounts, CrawlFailure, CrawlRun, CrawlSpec, CrawlStateStore, PageRecord } from '../crawler/types.ts';
import { ensureIndex } from '../store/ensure-index.ts';
import { meiliFind } from '../store/meili-errors.ts';
import { isKensakuError } from '../errors/kensaku-error.ts';
import { settle } from '../store/tasks.ts';
import { meiliClient } from '../store/meili-client.ts';
import type { Core } from './open-core.ts';

/** What GET /sources shows of a source's last finished crawl. */
export interface LastCrawl {
  taskId: string;
  startedAt: string;
  finishedAt: string;
  counts: CrawlCounts;
  failures: CrawlFailure[];
  truncated: boolean;
  /** Why it failed as a whole (its start not reached), having deleted nothing. */
  error?: string;
}

/** A source as stored: its spec, the crawl under way (the resume point) and the last one finished. */
export interface SourceRecord {
  /** Meilisearch key (`s-` + a hash of the source id: ids may hold characters keys may not). */
  id: string;
  sourceId: string;
  spec: CrawlSpec;
  createdAt: string;
  updatedAt: string;
  /** The crawl task enqueued or running, if any: the re-crawl timer does not enqueue another meanwhile. */
  taskId?: string | null;
  /** The crawl under way (or cut short): where its task resumes; a finished one while it holds orphans to delete. */
  run?: CrawlRun | null;
  lastCrawl?: LastCrawl | null;
  /** DELETE /sources/{id} was asked: its task removes the pages, then the source. */
  deleting?: boolean;
}

type PageRow = PageRecord & { id: string; sourceId: string };

const keyOf = (prefix: string, ...parts: string[]) =>
  prefix + createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
const PAGE = 1000;

export type SourceStore = ReturnType<typeof createSourceStore>;

/**
 * Sources and their pages in Meilisearch, beside the chunks (on the primary when sharded), so every API process sees
 * the same sources and a crawl cut short by kill -9 resumes where its last checkpoint left it: `<index>_sources`
 * holds one row per source (spec, run under way, last crawl), `<index>_source_pages` one row per known URL of a
 * source (its place in the frontier, validators, hash, links, the document it is).
 */
export function createSourceStore(options: { client: Meilisearch; indexName: string; taskTimeoutMs: number }) {
  const { client } = options;
  const sourcesUid = `${options.indexName}_sources`;
  const pagesUid = `${options.indexName}_source_pages`;
  const sources = client.index<SourceRecord>(sourcesUid);
  const pages = client.index<PageRow>(pagesUid);
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(client, doing, enqueue, options.taskTimeoutMs);
  let ensured: Promise<void> | null = null;

  // Created on first use: a server that never crawls has no source indexes.
  const ready = () =>
    (ensured ??= (async () => {
      await ensureIndex(client, sourcesUid, { searchableAttributes: [], filterableAttributes: [] }, wait);
      await ensureIndex(client, pagesUid, { searchableAttributes: [], filterableAttributes: ['sourceId'] }, wait);
    })().catch((e) => {
      ensured = null;
      throw e;
    }));

  // Reads need no index: a missing one (no source ever added) reads as empty, and is not created by a read.
  async function get(sourceId: string): Promise<SourceRecord | null> {
    return meiliFind('reading a source', () => sources.getDocument(keyOf('s-', sourceId)) as Promise<SourceRecord>);
  }

  async function update(sourceId: string, patch: Partial<SourceRecord>): Promise<void> {
    await ready();
    await wait('updating a source', () =>
      sources.updateDocuments([{ ...patch, id: keyOf('s-', sourceId) }], { primaryKey: 'id' }),
    );
  }

  async function pageRows(sourceId: string): Promise<PageRow[]> {
    // An index being set up (by ready(), here or in another process) exists before its filterable attribute: wait
    // for this process's setup, and once more for one met half-made.
    if (ensured) await ensured.catch(() => undefined);
    try {
      return await readPageRows(sourceId);
    } catch (e) {
      if (!(isKensakuError(e) && e.code === 'invalid_filter')) throw e;
      await ready();
      return readPageRows(sourceId);
    }
  }

  async function readPageRows(sourceId: string): Promise<PageRow[]> {
    const out: PageRow[] = [];
    const filter = `sourceId = ${JSON.stringify(sourceId)}`;
    for (let offset = 0; ; offset += PAGE) {
      const page = await meiliFind('reading source pages', () => pages.getDocuments({ filter, limit: PAGE, offset }));
      out.push(...(page?.results ?? []));
      if ((page?.results.length ?? 0) < PAGE) return out;
    }
  }

  return {
    get,
    update,
    async list(): Promise<SourceRecord[]> {
      const out: SourceRecord[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await meiliFind('listing sources', () => sources.getDocuments({ limit: PAGE, offset }));
        out.push(...(page?.results ?? []));
        if ((page?.results.length ?? 0) < PAGE) break;
      }
      return out.sort((a, b) => a.sourceId.localeCompare(b.sourceId));
    },
    /** A new source, or a new spec for one that exists (its pages and last crawl are kept). */
    async put(spec: CrawlSpec): Promise<SourceRecord> {
      const before = await get(spec.id);
      const now = new Date().toISOString();
      const record: SourceRecord = {
        ...(before ?? { createdAt: now }),
        id: keyOf('s-', spec.id),
        sourceId: spec.id,
        spec,
        updatedAt: now,
        deleting: false,
      };
      await wait('writing a source', () => sources.addDocuments([record], { primaryKey: 'id' }));
      return record;
    },
    /** The document ids a source's pages hold, and those its last crawl let go of without deleting. */
    async documentIds(sourceId: string): Promise<string[]> {
      const orphans = (await get(sourceId))?.run?.orphans ?? [];
      return [...new Set([...(await pageRows(sourceId)).flatMap((r) => (r.docId ? [r.docId] : [])), ...orphans])];
    },
    /** Forgets a source: its pages' rows, then its own. */
    async remove(sourceId: string): Promise<void> {
      await ready();
      await wait('deleting source pages', () =>
        pages.deleteDocuments({ filter: `sourceId = ${JSON.stringify(sourceId)}` }),
      );
      await wait('deleting a source', () => sources.deleteDocument(keyOf('s-', sourceId)));
    },
    /** The crawler's state store for one source: its pages, and the run kept in its source row. */
    stateOf(sourceId: string): CrawlStateStore {
      return {
        loadPages: async () => (await pageRows(sourceId)).map(({ id: _id, sourceId: _s, ...record }) => record),
        async savePages(records) {
          await ready();
          for (let i = 0; i < records.length; i += PAGE) {
            const rows: PageRow[] = records
              .slice(i, i + PAGE)
              .map((r) => ({ ...r, id: keyOf('p-', sourceId, r.key), sourceId }));
            await wait('saving source pages', () => pages.addDocuments(rows, { primaryKey: 'id' }));
          }
        },
        async removePages(keys) {
          await ready();
          for (let i = 0; i < keys.length; i += PAGE) {
            const ids = keys.slice(i, i + PAGE).map((k) => keyOf('p-', sourceId, k));
            await wait('removing source pages', () => pages.deleteDocuments(ids));
          }
        },
        loadRun: async () => (await get(sourceId))?.run ?? null,
        saveRun: (run) => update(sourceId, { run }),
      };
    },
  };
}

const ofCore = new WeakMap<Core, SourceStore>();

/** The source store over a Core's Meilisearch (the primary when sharded): one per Core, shared by its users. */
export function sourceStoreOf(core: Core): SourceStore {
  let store = ofCore.get(core);
  if (!store) {
    const { indexName, taskTimeoutMs, timeoutMs } = core.settings.store;
    // Beside the tasks and keys, on the primary (the one node when not sharded).
    const client = meiliClient({ url: core.meili.url, apiKey: core.meili.apiKey, timeoutMs });
    ofCore.set(core, (store = createSourceStore({ client, indexName, taskTimeoutMs })));
  }
  return store;
}
