import { createHash, randomUUID } from 'node:crypto';
import type { SourceDocument } from '../domain/documents.ts';
import { errorMessage, KensakuError } from '../errors/kensaku-error.ts';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_DELAY_MS,
  DEFAULT_LIMIT,
  DEFAULT_LIMITS,
  DEFAULT_USER_AGENT,
} from './defaults.ts';
import { createFetcher, type FetchResult, type Validators } from './fetcher.ts';
import { planDeletions } from './deletions.ts';
import { createFrontier } from './frontier.ts';
import { createHostPacer } from './host-pacer.ts';
import { pageLinks } from './page-links.ts';
import { createPageReader, type PageReader } from './page-reader.ts';
import { kindOf, type PageContent } from './read-page.ts';
import { createRobots } from './robots.ts';
import { robotsHeader } from './robots-header.ts';
import { createScope } from './scope.ts';
import { readSitemaps } from './sitemap.ts';
import { documentIdOf, normalizeUrl, pageKey, sameSite } from './url.ts';
import type {
  CrawlCounts,
  CrawlLimits,
  CrawlProgress,
  CrawlRun,
  CrawlSink,
  CrawlSpec,
  CrawlStateStore,
  PageOutcome,
  PageRecord,
} from './types.ts';

export interface CrawlerOptions {
  spec: CrawlSpec;
  limits?: Partial<CrawlLimits>;
  state: CrawlStateStore;
  sink: CrawlSink;
  /** Stops the crawl at its next checkpoint (shutdown): run() then throws `shutting_down`, and a later run resumes. */
  signal?: AbortSignal;
  onProgress?: (progress: CrawlProgress) => void;
  /** After each checkpoint, with the run as saved: a durable task records its counts here. */
  onCheckpoint?: (run: CrawlRun) => Promise<void>;
}

/** Statuses worth another try later: the page keeps its last good version. Any other 4xx means it is gone. */
const RETRYABLE = new Set([408, 425, 429]);
const KEPT_NOTES = 100;

export const emptyCounts = (): CrawlCounts => ({
  seen: 0,
  added: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  failed: 0,
  skipped: 0,
});

/**
 * One crawl of a source: seeds (start page, or sitemaps and sitemap indexes; robots.txt's sitemaps too), then pages
 * breadth first with `concurrency` workers, each request through robots.txt and the per-host delay. A page's bytes
 * are read only when they changed (conditional GET, then the body's hash), its document goes to the sink a batch at
 * a time, and every `checkpointEvery` pages the state store gets the changed records (the frontier with them) and the
 * run. After a crawl that reached every page it found, the documents of pages it no longer found are deleted; a
 * failed page keeps its last good version. A crawl that could not reach its start (out of its own patterns, robots.txt
 * or the sitemap unreadable, the start page refused or failed, no page fetched at all) deletes nothing: it fails as a
 * whole with `error`, since what it did not find says nothing of what the site holds.
 */
export function createCrawler(options: CrawlerOptions) {
  const { spec, state, sink, signal } = options;
  const limits: CrawlLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const userAgent = spec.userAgent ?? DEFAULT_USER_AGENT;
  const robotsToken = userAgent.split('/')[0].trim().toLowerCase();
  const keepQuery = spec.keepQuery ?? false;
  const pageLimit = spec.limit ?? DEFAULT_LIMIT;
  const concurrency = Math.max(1, spec.concurrency ?? DEFAULT_CONCURRENCY);
  const delayMs = spec.delayMs ?? DEFAULT_DELAY_MS;
  const fetcher = createFetcher({
    userAgent,
    connectTimeoutMs: limits.connectTimeoutMs,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
  });
  const robots = createRobots(fetcher);
  const start = normalizeUrl(spec.url, undefined, keepQuery);
  if (!start) throw new KensakuError('invalid_request', `not an http(s) URL: ${spec.url}`);
  const startKey = pageKey(start);
  const scope = createScope({
    start,
    sitemap: spec.sitemap ?? false,
    include: spec.include ?? [],
    exclude: spec.exclude ?? [],
    keepsQuery: keepQuery !== false,
    limits,
  });
  // What changes a page's document besides its bytes: a change reads every page again.
  const readWith = createHash('sha256')
    .update(JSON.stringify([spec.tags ?? [], spec.extraction ?? {}, spec.id]))
    .digest('hex')
    .slice(0, 16);

  /** A run reads its pages with its own reader (on a worker thread), closed when the run ends. */
  async function run(): Promise<CrawlRun> {
    const reader = createPageReader({ timeoutMs: limits.readTimeoutMs });
    try {
      return await crawl(reader);
    } finally {
      await reader.close();
    }
  }

  async function crawl(reader: PageReader): Promise<CrawlRun> {
    const records = await state.loadPages();
    const saved = await state.loadRun();
    const current: CrawlRun =
      saved && !saved.finishedAt
        ? saved
        : {
            crawlId: randomUUID(),
            startedAt: new Date().toISOString(),
            seeded: false,
            counts: emptyCounts(),
            failures: [],
            skipped: [],
            truncated: false,
            // What the last crawl could not delete is this one's to delete.
            orphans: saved?.orphans ?? [],
          };
    current.orphans ??= [];
    const orphans = new Set(current.orphans);
    const frontier = createFrontier(records, current.crawlId);
    const counts = current.counts;
    /** Every document id a page held when the crawl began or lost during it: the candidates for deletion. */
    const formerDocIds = new Set([...records.flatMap((r) => (r.docId ? [r.docId] : [])), ...orphans]);
    /** A document id a page lets go of: saved with the run, so a resumed crawl still knows to delete it. */
    const release = (docId: string) => {
      formerDocIds.add(docId);
      if (!orphans.has(docId)) orphans.add(docId), current.orphans!.push(docId);
    };
    /** document id → the page it is (its own canonical, or the first page naming it). */
    const claims = new Map<string, { key: string; self: boolean }>();
    // body hash → document id, for identical pages without a canonical. Seeded with what pages held, so the page that
    // had a document keeps it, whichever of its aliases a crawl reaches first (or finds unchanged).
    const bodies = new Map<string, string>(
      records.flatMap((r) => (r.docId && r.hash ? [[r.hash, r.docId] as const] : [])),
    );
    const written = new Set<string>(); // document ids counted as added/updated in this crawl
    const pacer = createHostPacer(delayMs);
    const asked = new Set<string>(); // pages requested whose visit has not settled: `seen` counts them when it does
    let pending: { record: PageRecord; doc: SourceDocument; fields: Partial<PageRecord> }[] = [];
    let settledSince = 0;
    let settledPages = 0;
    let active = 0;
    let checkpointDue = false;
    let checkpointing: Promise<void> = Promise.resolve();

    const note = (list: CrawlRun['failures'], url: string, reason: string) =>
      void (list.length < KEPT_NOTES && list.push({ url, reason }));
    const progress = () =>
      options.onProgress?.({ done: settledPages, queued: frontier.queued() + active, counts: { ...counts } });

    // A resumed crawl: the pages it had already settled hold their documents, and the trap bounds count them again.
    for (const r of frontier.all()) {
      if (r.crawlId !== current.crawlId) continue;
      scope.admit(r.url, r.depth);
      if (r.phase === 'done' && r.docId) claims.set(r.docId, { key: r.key, self: documentIdOf(r.key) === r.docId });
    }

    /** Breadth first, a page queued past the page limit is never visited. */
    const room = () => visits + frontier.queued() < pageLimit;

    function discover(href: string, depth: number): void {
      const url = normalizeUrl(href, undefined, keepQuery);
      if (!url) return;
      const key = pageKey(url);
      if (frontier.has(key)) return;
      const why = scope.admit(url, depth);
      if (why === null) {
        // Keeping what cannot be visited would only grow the state (a site whose every page links to new ones):
        // the crawl is cut short, as by its limit.
        if (room()) frontier.enqueue(key, url, depth);
        else current.truncated = true;
      } else if (/links from the start|longer than|repeated|query strings|URLs like/.test(why)) {
        // Off-site links and pattern misses are the normal case; trap bounds are worth telling.
        counts.skipped++;
        note(current.skipped, url, why);
      }
    }

    function settle(record: PageRecord, outcome: PageOutcome, patch: Partial<PageRecord> = {}): void {
      const keepsDoc = outcome === 'failed' || outcome === 'unchanged' || outcome === 'indexed';
      const next: PageRecord = { ...record, ...patch, crawlId: current.crawlId, phase: 'done', outcome };
      // Counted as it settles, so the counts a checkpoint saves are those of the pages it saves.
      if (asked.delete(record.key)) counts.seen++;
      if (!keepsDoc && next.docId) {
        release(next.docId);
        delete next.docId;
      }
      if (outcome !== 'failed' && outcome !== 'skipped' && outcome !== 'disallowed' && !patch.reason)
        delete next.reason;
      frontier.update(next);
      settledSince++;
      settledPages++;
      progress();
    }

    function fail(record: PageRecord, reason: string): void {
      counts.failed++;
      note(current.failures, record.url, reason);
      // The last good version stays: its document is still this page's.
      if (record.docId) claims.set(record.docId, { key: record.key, self: documentIdOf(record.key) === record.docId });
      settle(record, 'failed', { reason });
    }

    function skip(record: PageRecord, outcome: PageOutcome, reason: string): void {
      counts.skipped++;
      note(current.skipped, record.url, reason);
      settle(record, outcome, { reason });
    }

    /** The validators a page's last good version left, when its document may be taken as it is. */
    function validatorsOf(record: PageRecord | undefined): Validators {
      if (!record?.docId || record.readWith !== readWith) return {};
      return { etag: record.etag, lastModified: record.lastModified };
    }

    /** A page that is the same as last time: its document and links are taken from its record, nothing is read. */
    function unchanged(record: PageRecord, patch: Partial<PageRecord>): void {
      const claim = claims.get(record.docId!);
      if (claim && claim.key !== record.key) {
        skip(record, 'duplicate', `the same document as ${claim.key}`);
        return;
      }
      claims.set(record.docId!, { key: record.key, self: documentIdOf(record.key) === record.docId });
      if (record.hash) bodies.set(record.hash, record.docId!);
      for (const link of record.links ?? []) discover(link, record.depth + 1);
      counts.unchanged++;
      settle(record, 'unchanged', patch);
    }

    async function visit(first: PageRecord): Promise<void> {
      let record = first;
      let url = record.url;
      const chain = [url];
      let res: FetchResult;
      for (;;) {
        const rules = await robots.rulesFor(url);
        if (rules.unreachable) return fail(record, rules.unreachable);
        if (!rules.allowed(url))
          return skip(
            record,
            'disallowed',
            chain.length > 1 ? `redirects to ${url}, disallowed by robots.txt` : 'disallowed by robots.txt',
          );
        await pacer.wait(url, rules.crawlDelayMs);
        if (chain.length === 1) asked.add(record.key);
        res = await fetcher.get(url, validatorsOf(frontier.get(pageKey(url))), signal);
        // Cut short by shutdown: the page stays queued for the resumed crawl, not failed.
        if (signal?.aborted) return void asked.delete(record.key);
        if (res.kind !== 'redirect') break;
        const next = res.location ? normalizeUrl(res.location, url, keepQuery) : null;
        if (!next) return skip(record, 'skipped', `HTTP ${res.status} without a usable Location`);
        if (chain.includes(next)) return fail(record, `redirect loop: ${[...chain, next].join(' → ')}`);
        if (chain.length > limits.maxRedirects)
          return fail(record, `more than ${limits.maxRedirects} redirects: ${chain.join(' → ')} → …`);
        const why = scope.refuses(next);
        if (why) return skip(record, 'skipped', `redirects to ${next} (${why})`);
        chain.push(next);
        url = next;
      }
      // The site answered: for the start page, or any page of a sitemap crawl, deletions may follow.
      if ((res.kind === 'body' || res.kind === 'not-modified') && (spec.sitemap || first.key === startKey))
        current.reached = true;
      // A redirect to another page: that page is what was fetched, and this URL is only a way to it.
      const finalKey = pageKey(url);
      if (finalKey !== record.key) {
        const target = frontier.get(finalKey);
        if (target?.crawlId === current.crawlId && target.phase === 'done')
          return skip(record, 'duplicate', `redirects to ${url}, already crawled`);
        skip(record, 'duplicate', `redirects to ${url}`);
        record = {
          ...(target ?? { key: finalKey }),
          url,
          depth: record.depth,
          crawlId: current.crawlId,
          phase: 'queued',
        };
        frontier.update(record);
        frontier.take(finalKey);
      }

      if (res.kind === 'error') return fail(record, res.reason);
      if (res.kind === 'status') {
        if (res.status >= 500 || RETRYABLE.has(res.status)) return fail(record, `HTTP ${res.status}`);
        return skip(record, 'gone', `HTTP ${res.status}`);
      }
      const fetchedAt = new Date().toISOString();
      if (res.kind === 'not-modified') {
        if (!record.docId) return fail(record, 'HTTP 304 to an unconditional request');
        return unchanged(record, { fetchedAt });
      }
      const headerRobots = robotsHeader(res.headers.get('x-robots-tag'), robotsToken);
      const hash = createHash('sha256').update(res.body).digest('hex');
      const validators = {
        etag: res.headers.get('etag') ?? undefined,
        lastModified: res.headers.get('last-modified') ?? undefined,
      };
      if (!headerRobots.noindex && record.docId && record.hash === hash && record.readWith === readWith)
        return unchanged(record, { ...validators, fetchedAt });

      // The same bytes as another page's document: the same document, found without reading it again.
      const twinOf = bodies.get(hash);
      if (twinOf && !headerRobots.noindex && twinOf !== record.docId && claims.has(twinOf))
        return skip(record, 'duplicate', `the same bytes as ${twinOf}`);
      const kind = kindOf(res.headers.get('content-type'), url);
      if (!kind)
        return skip(record, 'skipped', `content type ${res.headers.get('content-type') ?? 'unknown'} is not indexed`);
      let content: PageContent | null;
      try {
        content = await reader.read(res.body, { url, kind, extraction: spec.extraction });
      } catch (e) {
        return fail(record, `cannot read the page: ${errorMessage(e)}`);
      }
      if (!content) return skip(record, 'skipped', 'the page asks to stay out of search');
      const { links, cut } =
        content.nofollow || headerRobots.nofollow
          ? { links: [], cut: false }
          : pageLinks(content.links, { start: start!, keepQuery, maxLinksPerPage: limits.maxLinksPerPage });
      if (cut) note(current.skipped, url, `more than ${limits.maxLinksPerPage} links: the rest were not followed`);
      for (const link of links) discover(link, record.depth + 1);
      // A link the crawl never takes (too long) is not kept: the record's size stays bounded.
      const kept = links.filter((l) => l.length <= limits.maxUrlLength);
      const seenAs = { ...validators, hash, links: kept, readWith, fetchedAt };
      if (content.noindex || headerRobots.noindex)
        return skip(record, 'noindex', content.noindex ? 'noindex in <meta name=robots>' : 'noindex in X-Robots-Tag');

      // One document per canonical page: another page naming it canonical is the same document.
      const named = content.canonical ? normalizeUrl(content.canonical, undefined, keepQuery) : null;
      const trusted = named && sameSite(named, start!) && !scope.refuses(named) ? named : url;
      // Two pages naming each other (a canonical loop): this one is the document, as each would else be the other's.
      const canonical = claims.get(documentIdOf(url))?.key === pageKey(trusted) ? url : trusted;
      const self = pageKey(canonical) === record.key;
      if (!self) discover(canonical, record.depth);
      const docId = documentIdOf(canonical);
      const claim = claims.get(docId);
      if (claim && claim.key !== record.key && (claim.self || !self))
        return skip(record, 'duplicate', `the same document as ${claim.key}`);
      if (claim && claim.key !== record.key) {
        // The canonical page itself takes its document over from a page that only named it.
        const earlier = pending.findIndex((p) => p.record.key === claim.key);
        if (earlier >= 0) {
          const [dropped] = pending.splice(earlier, 1);
          skip(frontier.get(dropped.record.key) ?? dropped.record, 'duplicate', `the same document as ${record.key}`);
        }
      }
      const twin = bodies.get(hash);
      if (twin && twin !== docId) return skip(record, 'duplicate', `the same bytes as ${twin}`);
      if (content.fields.text.trim() === '') return skip(record, 'skipped', 'no text');
      claims.set(docId, { key: record.key, self });
      bodies.set(hash, docId);
      const doc: SourceDocument = {
        ...content.fields,
        id: docId,
        url: canonical,
        source: spec.id,
        ...(spec.tags?.length ? { tags: spec.tags } : {}),
      };
      pending.push({ record, doc, fields: { ...seenAs, docId } });
    }

    /** Writes the pending documents, then saves every changed record and the run: the resume point. */
    function checkpoint(): Promise<void> {
      checkpointDue = false;
      checkpointing = checkpointing.then(async () => {
        const batch = pending;
        pending = [];
        settledSince = 0;
        if (batch.length > 0) {
          const outcomes = await sink.write(batch.map((p) => p.doc));
          for (const { record, doc, fields } of batch) {
            const outcome = outcomes.get(doc.id) ?? { outcome: 'failed' as const, message: 'not written' };
            if (outcome.outcome === 'failed') {
              fail(frontier.get(record.key) ?? record, `not indexed: ${outcome.message}`);
              continue;
            }
            if (!written.has(doc.id)) counts[outcome.outcome]++;
            if (outcome.outcome !== 'unchanged') written.add(doc.id);
            // A document this page held before, under another id (its canonical changed), is no longer its.
            if (record.docId && record.docId !== doc.id) release(record.docId);
            settle(frontier.get(record.key) ?? record, 'indexed', fields);
          }
        }
        // The run as of the records taken: pages settling while they are written are the next checkpoint's.
        const records = frontier.takeDirty();
        const run = structuredClone(current);
        await state.savePages(records);
        await state.saveRun(run);
        await options.onCheckpoint?.(run);
      });
      return checkpointing;
    }

    async function seed(): Promise<void> {
      const outside = spec.sitemap ? null : scope.refuses(start!);
      if (outside) {
        current.error = `the start URL is outside the source's own patterns (${outside}): nothing was crawled or deleted`;
        return;
      }
      const rules = await robots.rulesFor(start!);
      if (rules.unreachable) {
        current.error = `${rules.unreachable}: nothing was crawled or deleted`;
        return;
      }
      // The start page first: a crawl cut by its page limit has still tried it.
      if (!spec.sitemap) discover(start!, 0);
      const roots = spec.sitemap ? [start!] : [];
      const fromRobots = rules.sitemaps.filter((s) => sameSite(s, start!));
      if (roots.length || fromRobots.length) {
        const found = await readSitemaps([...roots, ...fromRobots], fetcher, {
          maxSitemaps: limits.maxSitemaps,
          maxRedirects: limits.maxRedirects,
          site: start!,
          firstRequired: spec.sitemap,
          // Each URL as it is read: a site may list millions, of which the crawl can still take this many.
          found: (u) => (discover(u, 0), room()),
        });
        if (found.full) current.truncated = true;
        for (const p of found.problems) {
          // The sitemap given is the crawl's list: not reading it is a failure; one robots.txt names is a note.
          if (spec.sitemap && p.url === start) {
            current.error = `${p.reason}: nothing was crawled or deleted`;
            return;
          }
          note(current.skipped, p.url, p.reason);
        }
      }
      current.seeded = true;
    }

    async function worker(): Promise<void> {
      for (;;) {
        if (signal?.aborted) return;
        if (visits >= pageLimit) {
          if (frontier.queued() > 0) current.truncated = true;
          return;
        }
        const record = frontier.next();
        if (!record) {
          if (active === 0) return frontier.wakeAll();
          await frontier.changed();
          continue;
        }
        active++;
        visits++;
        try {
          await visit(record);
        } catch (e) {
          fail(frontier.get(record.key) ?? record, errorMessage(e));
        } finally {
          active--;
        }
        if (!checkpointDue && settledSince + pending.length >= limits.checkpointEvery) {
          checkpointDue = true;
          await checkpoint();
        }
        if (active === 0 && frontier.queued() === 0) frontier.wakeAll();
      }
    }

    /** Why a crawl that ran found nothing it may judge the site by. */
    function unreached(): string {
      if (spec.sitemap)
        return counts.seen === 0
          ? "the sitemap listed no page within the source's patterns"
          : `none of the ${counts.seen} pages requested could be fetched`;
      const r = frontier.get(startKey);
      const visited = r?.crawlId === current.crawlId && r.phase === 'done';
      return `the start page could not be crawled (${visited ? (r.reason ?? r.outcome) : 'never requested'})`;
    }

    // The page limit counts pages taken from the frontier, those of the run before a resume too.
    let visits = [...frontier.all()].filter((r) => r.crawlId === current.crawlId && r.phase === 'done').length;
    settledPages = visits;
    if (!current.seeded) {
      await seed();
      await checkpoint();
    }
    if (!current.error) await Promise.all(Array.from({ length: concurrency }, worker));
    await checkpoint();
    if (signal?.aborted)
      throw new KensakuError('shutting_down', 'crawl stopped at a checkpoint; it resumes on the next run');
    if (!current.error && !current.reached) current.error = `${unreached()}: nothing was deleted`;
    if (current.error) {
      // The crawl's own failure, counted and listed after its pages' (the start page's own reason among them).
      counts.failed++;
      current.failures = [...current.failures.slice(0, KEPT_NOTES - 1), { url: start!, reason: current.error }];
    }

    // Deletions: what a page held and no page of this crawl holds now.
    const {
      doomed,
      stale,
      orphans: left,
    } = planDeletions({
      pages: frontier.all(),
      crawlId: current.crawlId,
      former: formerDocIds,
      truncated: current.truncated,
      failed: Boolean(current.error),
    });
    if (doomed.length > 0) await sink.delete(doomed);
    counts.deleted += doomed.length;
    if (stale.length > 0) {
      frontier.drop(stale);
      await state.removePages(stale);
    }
    current.orphans = left;
    current.finishedAt = new Date().toISOString();
    await state.savePages(frontier.takeDirty());
    await state.saveRun(current);
    await options.onCheckpoint?.(current);
    progress();
    return current;
  }

  return { run, userAgent };
}
