import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { alreadyExists } from './ensure-index.ts';
import { meili, meiliFind } from './meili-errors.ts';
import { settle } from './tasks.ts';

export interface LeaseOptions {
  client: Meilisearch;
  /** Lease generations are the indexes `<prefix><n>`. */
  prefix: string;
  /** A holder whose heartbeat has not moved for this long, while work waits, may be replaced. */
  ttlMs: number;
  taskTimeoutMs: number;
}

interface Holder {
  id: 'holder';
  owner: string;
  host: string;
  pid: number;
  beat: number;
  released: boolean;
}

export type Lease = ReturnType<typeof createLease>;

/**
 * Who runs the task queue: one process at a time among all that share a Meilisearch. Meilisearch has no
 * compare-and-set, but creating an index that exists fails, and it applies tasks one by one: so a generation is
 * claimed by creating `<prefix><n+1>`, and exactly one claimant succeeds. The holder writes a heartbeat into its
 * generation while it works; a holder that is gone (its pid dead on this host, released, or silent for `ttlMs`
 * while work waits) is replaced by claiming the next generation.
 */
export function createLease(options: LeaseOptions) {
  const { client } = options;
  const me = { owner: randomUUID(), host: hostname(), pid: process.pid };
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(client, doing, enqueue, options.taskTimeoutMs);
  let mine: number | null = null;
  let beat = 0;
  /** The latest generation's heartbeat as last seen, and since when (local clock): how silence is measured. */
  let seen: { gen: number; beat: number; since: number } | null = null;

  const uid = (gen: number) => `${options.prefix}${gen}`;
  const writeHolder = (gen: number, patch: Partial<Holder>) =>
    wait('writing the queue lease', () =>
      client
        .index<Holder>(uid(gen))
        .addDocuments([{ id: 'holder', ...me, beat, released: false, ...patch }], { primaryKey: 'id' }),
    );

  async function generations(): Promise<number[]> {
    const gens: number[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await meili('reading the queue lease', () => client.getIndexes({ limit: 1000, offset }));
      for (const index of page.results) {
        if (index.uid.startsWith(options.prefix)) {
          const n = Number(index.uid.slice(options.prefix.length));
          if (Number.isInteger(n)) gens.push(n);
        }
      }
      if (page.results.length < 1000) return gens.sort((a, b) => a - b);
    }
  }

  async function holderOf(gen: number): Promise<Holder | null> {
    return meiliFind(
      'reading the queue lease',
      () => client.index<Holder>(uid(gen)).getDocument('holder') as Promise<Holder>,
    );
  }

  function replaceable(gen: number, holder: Holder | null): boolean {
    if (holder?.released) return true;
    if (holder && holder.host === me.host && (holder.pid === me.pid || !pidAlive(holder.pid))) return true;
    const b = holder?.beat ?? -1;
    if (!seen || seen.gen !== gen || seen.beat !== b) {
      seen = { gen, beat: b, since: Date.now() };
      return false;
    }
    return Date.now() - seen.since >= options.ttlMs;
  }

  /** Whether no other process has claimed a later generation (a read only); forgets the lease if one has. */
  async function stillHeld(): Promise<boolean> {
    if (mine === null) return false;
    if (((await generations()).at(-1) ?? 0) === mine) return true;
    mine = null;
    return false;
  }

  return {
    held: () => mine !== null,
    /** Takes the lease if it is free or its holder is gone; false while another live process holds it. */
    async tryAcquire(): Promise<boolean> {
      if (mine !== null) return true;
      try {
        const gens = await generations();
        const latest = gens.at(-1) ?? 0;
        if (latest > 0 && !replaceable(latest, await holderOf(latest))) return false;
        const next = latest + 1;
        try {
          await wait('claiming the queue lease', () => client.createIndex(uid(next), { primaryKey: 'id' }));
        } catch (e) {
          if (alreadyExists(e)) return false;
          throw e;
        }
        mine = next;
        beat = 0;
        await writeHolder(next, {});
        for (const old of gens)
          await wait('dropping an old lease', () => client.deleteIndex(uid(old))).catch(() => undefined);
        return true;
      } catch (e) {
        seen = null; // silence is only counted across reads that worked
        throw e;
      }
    },
    /** Renews the heartbeat; false (and no longer held) when another process has claimed a later generation. */
    async heartbeat(): Promise<boolean> {
      const gen = mine;
      if (gen === null || !(await stillHeld())) return false;
      beat++;
      await writeHolder(gen, {});
      return true;
    },
    stillHeld,
    /** Hands the lease on at once (graceful shutdown). */
    async release(): Promise<void> {
      if (mine === null) return;
      const gen = mine;
      mine = null;
      await writeHolder(gen, { released: true });
    },
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
