import path from 'node:path';
import { z } from 'zod';
import { KensakuError } from '../errors/kensaku-error.ts';
import { FOLD_RULES, type FoldRule } from '../domain/fold-rules.ts';

const onOff = (fallback: 'on' | 'off') =>
  z
    .enum(['on', 'off'])
    .default(fallback)
    .transform((v) => v === 'on');
const optionalString = z.string().trim().min(1).optional();
const csv = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

const shardNode = z.object({
  // The name places documents (rendezvous hashing), so a node may move to another URL without moving them.
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  url: z.string().url(),
  apiKey: z.string().min(1).optional(),
  // Still searched, no longer written: `kensaku reshard` moves its documents to the other nodes.
  retired: z.boolean().default(false),
});

/** MEILI_SHARDS: a JSON list of Meilisearch nodes; the first is the primary, which also holds tasks, keys and synonyms. */
const shards = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'a JSON list such as [{"name":"a","url":"http://127.0.0.1:7700"}]' });
      return z.NEVER;
    }
    const parsed = z.array(shardNode).min(1).safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: `[${i.path.join('.')}] ${i.message}` });
      return z.NEVER;
    }
    const nodes = parsed.data;
    const names = nodes.map((n) => n.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', message: `shard names must differ: ${names.join(', ')}` });
    if (nodes[0].retired)
      ctx.addIssue({ code: 'custom', message: 'the first shard is the primary and cannot be retired' });
    return nodes;
  });

/**
 * Every setting kensaku reads from the environment, with its default. This module is the only reader; the options
 * each part is built with come from it through service/settings.ts.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  MEILI_URL: z.string().url().optional(),
  // Several Meilisearch nodes instead of MEILI_URL or the embedded one (docs/operations.md, Scaling out).
  MEILI_SHARDS: shards,
  MEILI_MASTER_KEY: optionalString,
  MEILI_BIN: optionalString,
  MEILI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  // Waiting for a write or settings change to finish: it grows with the index (a settings change re-indexes every
  // chunk), unlike a request, so a short request timeout for searches must not fail indexing.
  MEILI_TASK_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  // The embedded Meilisearch's --max-indexing-threads; unset: half the cores (service/settings.ts).
  MEILI_INDEXING_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  // The embedded Meilisearch's --max-indexing-memory. Its default, 2/3 of the RAM, made every write cost it more
  // (bench, 24 GB machine: the JSQuAD corpus 5.2–6.0 CPU-s against 1.6–1.8 at 512 MiB–1 GiB; 150 against 20–30 ms
  // for a write of 1145 small records), and our writes are at most 2048 chunks.
  MEILI_MAX_INDEXING_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*([KMGT]i?B)?$/i, 'bytes, or a size such as 512MiB or 2GB')
    .default('1GiB'),
  INDEX_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('chunks'),
  INDEX_LOCALE: z
    .string()
    .regex(/^[a-z]{3}$/, 'an ISO 639-3 code such as jpn')
    .default('jpn'),
  STOP_WORDS: z.enum(['ja', 'none']).default('ja'),
  EMBED_PROVIDER: z.enum(['local', 'openai']).default('local'),
  EMBED_MODEL: z.string().min(1).default('multilingual-e5-small'),
  EMBED_MODEL_DIR: optionalString,
  EMBED_DTYPE: z.enum(['q8', 'fp32']).default('q8'),
  EMBED_DOWNLOAD: onOff('on'),
  EMBED_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  // Indexing embeds texts in parallel on EMBED_INDEX_WORKERS workers of EMBED_INDEX_THREADS threads each.
  // Both unset: the server indexes on its query model (one model in memory, queries first); every core for CLI
  // commands (2 × 1 thread: 80–95 passages/s against 56–64 for one session of 2 threads). Threads unset: 1.
  // Resolved per role in service/settings.ts.
  EMBED_INDEX_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  EMBED_INDEX_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  // The server's own indexing model (EMBED_INDEX_WORKERS/THREADS set) is closed after this long unused; 0 keeps it.
  EMBED_INDEX_IDLE_MS: z.coerce.number().int().min(0).default(30_000),
  // The server indexing on its query model: while searches arrive, each passage is followed by a pause this many
  // times its own duration (a duty cycle: indexing keeps 1/(1 + n) of the session, full speed without searches). 0: none.
  EMBED_INDEX_YIELD: z.coerce.number().min(0).max(20).default(3),
  // ONNX Runtime's idle threads spinning: 20% faster alone, but under load p95 suffers (bench: hybrid p95 ÷ peer at
  // c=1 1.56 -> 1.16, c=8 1.19 -> 1.04 with it off). Indexing never spins: it always runs beside Meilisearch.
  EMBED_SPIN: onOff('off'),
  EMBED_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(1),
  EMBED_WORKER: onOff('on'),
  // Recent queries' vectors kept in memory; 0 embeds every query (the bench's servers, so repeats cannot flatter one).
  EMBED_QUERY_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: optionalString,
  OPENAI_EMBED_MODEL: optionalString,
  OPENAI_DIMENSIONS: z.coerce.number().int().positive().optional(),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  OPENAI_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  CHUNK_MAX_CHARS: z.coerce.number().int().min(50).max(4000).default(400),
  SEARCH_WINDOW: z.coerce.number().int().min(10).max(1000).default(50),
  FUSION: z.enum(['adaptive', 'convex', 'rrf']).default('adaptive'),
  // Hybrid rescoring of the fused top chunks (search/rerank): by query coverage or bigram BM25; depth 0 turns it off.
  RERANK: z.enum(['coverage', 'bigram-bm25']).default('coverage'),
  RERANK_DEPTH: z.coerce.number().int().min(0).max(200).default(30),
  RERANK_WEIGHT: z.coerce.number().min(0).max(10).default(0.2),
  // Hybrid relevance floor (search/relevance-floor.ts): with a keyword hit holding every query term, hits holding none
  // of them are dropped under this share of the top score; 0 turns it off.
  SEARCH_FLOOR: z.coerce.number().min(0).max(1).default(0.5),
  SEARCH_CACHE_MB: z.coerce.number().min(0).max(4096).default(8),
  // Japanese forms for the Latin words of queries on a Japanese index (search/lexical): Sudachi's synonyms, or none.
  LEXICON: z.enum(['sudachi', 'none']).default('sudachi'),
  // Spelling variants folded in indexed text and queries (text/fold): a comma list of rules, all, or none.
  FOLD: z
    .string()
    .default('all')
    .transform((v, ctx) => {
      const rules =
        v.trim() === 'all'
          ? [...FOLD_RULES]
          : v.trim() === 'none'
            ? []
            : v
                .split(',')
                .map((r) => r.trim())
                .filter(Boolean);
      const bad = rules.filter((r) => !(FOLD_RULES as readonly string[]).includes(r));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `unknown fold rule ${bad.join(', ')}; rules: ${FOLD_RULES.join(', ')}, or all, or none`,
        });
      return rules as FoldRule[];
    }),
  // Synonyms shipped with kensaku, applied with the operator's (PUT /synonyms): the spellings and abbreviations of each
  // word of Sudachi's synonym dictionary (text/lexicon/sudachi-variants.ts), or none. Off by default: on JSQuAD it
  // cost keyword nDCG@10 0.0025 for NIILC's 0.003, hybrid moved within noise, and half of JSQuAD's questions sent
  // more keyword queries (docs/results.md).
  SYNONYMS_DEFAULT: z.enum(['sudachi', 'none']).default('none'),
  // Readings (katakana and romaji) of each chunk, searched by kana and romaji queries (text/reading).
  READINGS: onOff('on'),
  // A task-queue holder silent this long while tasks wait is replaced by another process (one on this host whose
  // pid is gone is replaced at once).
  TASK_LEASE_MS: z.coerce.number().int().min(1000).default(15_000),
  TASK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  // Documents `kensaku reshard` moves per step (each a checkpoint): smaller redoes less after a crash, for more writes.
  RESHARD_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  // Scheduled backups (docs/operations.md): every BACKUP_INTERVAL (minutes, or 90s/30m/6h/1d; 0 off) an archive goes
  // to BACKUP_DIR (default DATA_DIR/backups), which keeps the newest BACKUP_KEEP.
  BACKUP_INTERVAL: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(v.trim());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'a duration: minutes (30), or 90s, 30m, 6h, 1d; 0 turns it off' });
        return z.NEVER;
      }
      const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'm']!;
      return Math.round(Number(m[1]) * unit);
    }),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  BACKUP_DIR: optionalString,
  // SIGTERM: in-flight requests and the running task's current page get this long before the process exits.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  ADMIN_KEY: optionalString,
  SEARCH_KEY: optionalString,
  CORS_ORIGINS: csv,
  // Search requests per minute per scoped key (unless it has its own limit) and for SEARCH_KEY; 0: unlimited.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  // Per client address, when no key is configured (a loopback service); 0: unlimited.
  RATE_LIMIT_ANON_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  BODY_LIMIT_MB: z.coerce.number().positive().default(20),
  // Search analytics (docs/operations.md, Analytics): counted in memory, written every ANALYTICS_FLUSH_MS (what a
  // crash loses), hourly buckets kept ANALYTICS_RETENTION_DAYS.
  ANALYTICS: onOff('on'),
  ANALYTICS_FLUSH_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // GET /suggest (docs/api.md, Suggestions): chunks read per dictionary, chunks of those analysed for terms, and how
  // often a key must have searched a query (with results) before its suggestions offer it.
  SUGGEST_MAX_CHUNKS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  SUGGEST_TERM_CHUNKS: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  SUGGEST_MIN_SEARCHES: z.coerce.number().int().min(1).max(1_000_000).default(2),
  DEMO_CORPUS: onOff('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & {
  /** DATA_DIR made absolute. */
  dataDir: string;
};

/** Parse and validate; throws a KensakuError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success && parsed.data.MEILI_URL && parsed.data.MEILI_SHARDS.length) {
    throw new KensakuError(
      'invalid_config',
      'invalid configuration: MEILI_URL and MEILI_SHARDS: set one of them (the primary shard is the first of MEILI_SHARDS)',
    );
  }
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new KensakuError('invalid_config', `invalid configuration: ${lines.join('; ')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

/** True when HOST only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
