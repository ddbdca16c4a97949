import type { PageRecord } from './types.ts';

export interface DeletionPlan {
  /** Documents no page of this crawl holds: deleted now. */
  doomed: string[];
  /** Records of pages this crawl no longer found: dropped from the state. */
  stale: string[];
  /** Documents let go of that could not be judged (the crawl failed): the next crawl's to delete. */
  orphans: string[];
}

export interface DeletionInput {
  /** Every record of the source, as the crawl leaves them. */
  pages: Iterable<PageRecord>;
  crawlId: string;
  /** Every document id a page held when the crawl began or let go of during it: the candidates. */
  former: ReadonlySet<string>;
  /** The crawl hit its page limit: pages it did not reach may still be there. */
  truncated: boolean;
  /** The crawl could not judge the site at all (start unreachable, nothing fetched): it deletes nothing. */
  failed: boolean;
}

/**
 * What a finished crawl deletes. Only a crawl that reached every page it found may take a page it did not find for
 * gone; one cut short keeps what its unreached pages hold, and a failed one deletes nothing, since what it did not
 * find says nothing of what the site holds.
 */
export function planDeletions({ pages, crawlId, former, truncated, failed }: DeletionInput): DeletionPlan {
  const all = [...pages];
  const settled = (r: PageRecord) => r.crawlId === crawlId && r.phase === 'done';
  const alive = new Set(all.filter(settled).flatMap((r) => (r.docId ? [r.docId] : [])));
  const complete = !truncated && !failed;
  const stale = complete ? all.filter((r) => !settled(r)).map((r) => r.key) : [];
  // Pages this crawl did not settle (not reached, or queued past the limit) keep what they hold.
  const untouched = new Set(all.filter((r) => !settled(r) && r.docId).map((r) => r.docId!));
  const doomed = failed ? [] : [...former].filter((id) => !alive.has(id) && (complete || !untouched.has(id)));
  const dropped = new Set(stale);
  const held = new Set(all.filter((r) => !dropped.has(r.key) && r.docId).map((r) => r.docId!));
  const gone = new Set(doomed);
  const orphans = [...former].filter((id) => !alive.has(id) && !held.has(id) && !gone.has(id));
  return { doomed, stale, orphans };
}
