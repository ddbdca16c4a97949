import type { CrawlRun, CrawlStateStore, PageRecord } from './types.ts';

/** A state store in memory: a one-off crawl, or tests. Copies go in and out, as with a real store. */
export function createMemoryState(): CrawlStateStore & { pages: Map<string, PageRecord>; run: CrawlRun | null } {
  const copy = <T>(v: T): T => structuredClone(v);
  const self = {
    pages: new Map<string, PageRecord>(),
    run: null as CrawlRun | null,
    async loadPages() {
      return [...self.pages.values()].map(copy);
    },
    async savePages(pages: PageRecord[]) {
      for (const p of pages) self.pages.set(p.key, copy(p));
    },
    async removePages(keys: string[]) {
      for (const k of keys) self.pages.delete(k);
    },
    async loadRun() {
      return self.run ? copy(self.run) : null;
    },
    async saveRun(run: CrawlRun) {
      self.run = copy(run);
    },
  };
  return self;
}
