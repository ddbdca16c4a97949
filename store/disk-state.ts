import { isKensakuError } from '../errors/kensaku-error.ts';

/** The last write Meilisearch could not store for want of disk, until one succeeds: what /health reports. */
export interface DiskProblem {
  code: 'disk_full' | 'disk_read_only';
  reason: string;
  /** The first failure of this spell, and the latest one (ISO). */
  since: string;
  lastSeen: string;
}

// By Meilisearch address: the stores and the queue of a process each have their own client, and share its disk.
const problems = new Map<string, DiskProblem>();

/** Records how a write to the Meilisearch at `host` ended: a disk error starts or extends a spell, a success ends it. */
export function noteWrite(host: string, error?: unknown): void {
  if (error === undefined) {
    problems.delete(host);
    return;
  }
  if (!isKensakuError(error) || (error.code !== 'disk_full' && error.code !== 'disk_read_only')) return;
  const now = new Date().toISOString();
  const before = problems.get(host);
  problems.set(host, {
    code: error.code,
    reason: `${error.code === 'disk_full' ? 'disk full' : 'disk read-only'}: ${error.message}`,
    since: before?.code === error.code ? before.since : now,
    lastSeen: now,
  });
}

export function diskProblemOf(host: string): DiskProblem | null {
  return problems.get(host) ?? null;
}
