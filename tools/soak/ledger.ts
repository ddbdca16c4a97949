// The ledger: every write and delete the server acknowledged (202 with a taskId), what became of its task, and which
// documents may be deleted. Deletes go only to documents whose write task was seen succeeded: DELETE checks that the
// document exists, so a delete racing its own write would get 404 without anything being wrong.
import type { Client } from './http.ts';
import { json } from './http.ts';
import type { Stats } from './stats.ts';

/** Final task states; `forgotten`: GET /tasks/{id} answered 404 (the server lost it, e.g. across a restart). */
export type TaskState = 'pending' | 'succeeded' | 'failed' | 'forgotten' | 'unfinished';

export interface Acked {
  taskId: string;
  /** ms since the run started */
  ackAt: number;
  task: TaskState;
  /** task errors when it failed */
  errors?: unknown;
  /** acknowledged in an outage window (chaos) */
  duringOutage: boolean;
}

export interface WriteEntry extends Acked {
  id: string;
  marker: string;
  /** The acknowledged delete of this document, if any. */
  delete: Acked | null;
  /** A delete was sent and got no answer (connection error): it may or may not have happened. */
  deleteAmbiguous: boolean;
  /** Picked by a client for a delete (not deletable again). */
  deleting: boolean;
}

export class Ledger {
  readonly writes: WriteEntry[] = [];
  private readonly byId = new Map<string, WriteEntry>();
  /** Acknowledged entries whose task is not final yet, in acknowledgement order. */
  private readonly pending: Array<{ entry: Acked; kind: 'write' | 'delete' }> = [];
  private readonly deletable: WriteEntry[] = [];
  /** Writes that got no answer (reset, timeout; not a refused connection): maybe enqueued, never acknowledged, not checked. */
  ambiguousWrites = 0;
  /** DELETE answered 404 for a document whose write had succeeded: not acknowledged, no ledger entry. */
  delete404 = 0;

  addWrite(id: string, marker: string, taskId: string, ackAt: number, duringOutage: boolean): WriteEntry {
    const e: WriteEntry = {
      id,
      marker,
      taskId,
      ackAt,
      task: 'pending',
      duringOutage,
      delete: null,
      deleteAmbiguous: false,
      deleting: false,
    };
    this.writes.push(e);
    this.byId.set(id, e);
    this.pending.push({ entry: e, kind: 'write' });
    return e;
  }

  addDelete(w: WriteEntry, taskId: string, ackAt: number, duringOutage: boolean): void {
    w.delete = { taskId, ackAt, task: 'pending', duringOutage };
    this.pending.push({ entry: w.delete, kind: 'delete' });
  }

  /** A random document whose write succeeded and that nobody deletes yet; taken out of the pool. */
  takeDeletable(rand: () => number): WriteEntry | undefined {
    if (this.deletable.length === 0) return undefined;
    const i = Math.floor(rand() * this.deletable.length);
    const [w] = this.deletable.splice(i, 1);
    w.deleting = true;
    return w;
  }

  /** A delete that never reached the server (connection refused): the document may be deleted later. */
  putBack(w: WriteEntry): void {
    w.deleting = false;
    this.deletable.push(w);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get deletes(): Acked[] {
    return this.writes.flatMap((w) => (w.delete ? [w.delete] : []));
  }

  /**
   * Polls the oldest pending tasks (the queue runs them in order, so it stops after `depth` unfinished ones).
   * Connection errors and 5xx leave a task pending for the next round.
   */
  async poll(
    client: Client,
    stats: Stats,
    outages: { inOutage(start: number, end: number): boolean },
    depth: number,
  ): Promise<void> {
    let unfinished = 0;
    for (let i = 0; i < this.pending.length && unfinished < depth; ) {
      const { entry, kind } = this.pending[i];
      const r = await client.request('GET', `/tasks/${encodeURIComponent(entry.taskId)}`);
      // 404 is how a task the server forgot shows: counted as `forgotten` below, not as a request error.
      stats.record('task', r, outages.inOutage(r.start, r.end), [404]);
      if (r.status === 0) return; // the server is down: try again next round
      let state: TaskState | undefined;
      if (r.status === 200) {
        const t = json<{ status: string; errors?: unknown }>(r);
        if (t?.status === 'succeeded' || t?.status === 'failed') state = t.status;
        if (t?.status === 'failed') entry.errors = t.errors;
      } else if (r.status === 404) {
        state = 'forgotten';
      }
      if (state) {
        entry.task = state;
        this.pending.splice(i, 1);
        if (kind === 'write' && state === 'succeeded') {
          const w = entry as WriteEntry;
          if (!w.deleting && !w.delete) this.deletable.push(w);
        }
      } else {
        unfinished++;
        i++;
      }
    }
  }

  /** Tasks still pending when the settle time ran out. */
  markUnfinished(): void {
    for (const { entry } of this.pending) entry.task = 'unfinished';
    this.pending.length = 0;
  }

  get(id: string): WriteEntry | undefined {
    return this.byId.get(id);
  }
}
