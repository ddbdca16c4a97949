/**
 * `reshard` moves documents to their home shard after MEILI_SHARDS changed (`kensaku reshard`); `crawl` crawls a
 * source (`kensaku crawl`, POST /sources) and `delete-source` removes one with its pages; `backup` writes an archive
 * (`kensaku backup`, POST /backups, BACKUP_INTERVAL); `rebuild` rewrites every chunk into a new index swapped in whole
 * (`kensaku rebuild`, POST /rebuild).
 */
export type TaskType = 'index' | 'delete' | 'vectors' | 'reshard' | 'crawl' | 'delete-source' | 'backup' | 'rebuild';
export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed';

export interface TaskCounts {
  documents: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  chunks: number;
  /** A reshard's documents moved to another shard. */
  moved?: number;
  /** A crawl's pages requested, and those left out by rule (robots.txt, noindex, duplicates…). */
  seen?: number;
  skipped?: number;
  /** A rebuild's documents with no kept text (indexed before records kept it): rewritten as they were cut. */
  kept?: number;
}

/** A task as it is stored: what GET /tasks/{id} shows, plus its place in the queue. */
export interface TaskRecord {
  id: string;
  /** Queue order: enqueue time in microseconds, made unique per process. */
  seq: number;
  type: TaskType;
  status: TaskStatus;
  enqueuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  counts: TaskCounts;
  /** One entry per document that failed; the others of the batch are indexed. */
  errors: { documentId: string; message: string }[];
  /** `documentsDone` is also the resume point: the payload from there on is still to do. */
  progress: { documentsDone: number; documentsTotal: number };
  /** The document a delete task removes. */
  documentId?: string;
  /** The source a crawl or delete-source task is for. */
  sourceId?: string;
  /** A reshard's active shards, as the process that asked saw them: a runner configured otherwise refuses it. */
  shards?: string[];
  /** The archive a backup task writes (a path on the host of the process that runs it). */
  file?: string;
  /** A rebuild that also re-embeds every chunk with the current model. */
  embeddings?: boolean;
  /** Runs begun; above 1 means the task was resumed after a crash or an outage. */
  attempts: number;
}
