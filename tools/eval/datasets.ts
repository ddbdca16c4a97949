import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources } from '../../cli/read-sources.ts';
import { parseFile } from '../../indexer/formats/index.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import type { SourceDocument } from '../../domain/documents.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_EVAL = path.resolve(ROOT, '..', 'shared', 'eval');

/** A relevance judgement: a whole document, or any chunk whose text contains a passage. */
export type Judgment = { documentId: string; grade: number } | { contains: string; grade: number };

export interface EvalQuery {
  id: string;
  query: string;
  kind?: string;
  judgments: Judgment[];
  /** Gold answers (JSQuAD, NIILC): strings an answer span should contain. */
  answers?: string[];
}

export interface EvalSet {
  name: string;
  /** `document`: rank documents by their best chunk (groupBy document); `chunk`: rank chunks. */
  level: 'document' | 'chunk';
  documents: SourceDocument[];
  queries: EvalQuery[];
  /** Where the set came from, for the report. */
  sources: { queries: string; corpus: string };
}

export interface LoadSetOptions {
  /** `jsquad`, `seed`, a folder holding corpus.jsonl + queries.jsonl, or a queries .jsonl file. */
  set: string;
  /** Corpus for a queries file (file, folder or glob); default: corpus.jsonl beside it, else the project's corpus/. */
  corpus?: string;
  /** Keep the first N documents and only the queries whose relevant documents are all among them. */
  corpusLimit?: number;
  /** Keep N queries, evenly spaced over the set (deterministic), so a slice covers every topic. */
  limit?: number;
}

/**
 * Query lines: `{id, query, kind?, relevant}` where relevant holds document ids (`"jv-p00000"`, grade 1),
 * `{id|documentId, grade?}`, or `{contains, grade?}` (a chunk is relevant when its text contains it).
 */
export async function loadSet(options: LoadSetOptions): Promise<EvalSet> {
  if (options.set === 'vite-docs') {
    const set = await loadViteDocs(path.join(SHARED_EVAL, 'vite-docs-ja'));
    return options.limit !== undefined && options.limit < set.queries.length
      ? { ...set, queries: spread(set.queries, options.limit) }
      : set;
  }
  const { queriesFile, corpus, name } = resolveSet(options);
  const queries = readJsonl(queriesFile).map((raw, i) => toQuery(raw, `${queriesFile} line ${i + 1}`));
  const read = await readSources([corpus], ROOT);
  if (read.failed.length)
    throw new Error(`cannot read corpus: ${read.failed.map((f) => `${f.documentId}: ${f.message}`).join('; ')}`);
  let documents = read.documents;
  const byContains = queries.some((q) => q.judgments.some((j) => 'contains' in j));
  const byDocument = queries.some((q) => q.judgments.some((j) => 'documentId' in j));
  if (byContains && byDocument)
    throw new Error(`${queriesFile}: mixes document-id and contains judgements; use one kind per set`);
  let kept = queries;
  if (options.corpusLimit !== undefined) {
    documents = documents.slice(0, options.corpusLimit);
    const ids = new Set(documents.map((d) => d.id));
    kept = byDocument ? kept.filter((q) => q.judgments.every((j) => 'documentId' in j && ids.has(j.documentId))) : kept;
  }
  if (options.limit !== undefined && options.limit < kept.length) kept = spread(kept, options.limit);
  const known = new Set(documents.map((d) => d.id));
  const unknown = kept.flatMap((q) =>
    q.judgments.filter((j) => 'documentId' in j && !known.has(j.documentId)).map(() => q.id),
  );
  if (unknown.length)
    throw new Error(`${unknown.length} queries name documents not in the corpus (e.g. ${unknown[0]})`);
  return {
    name,
    level: byContains ? 'chunk' : 'document',
    documents,
    queries: kept,
    sources: { queries: path.relative(ROOT, queriesFile), corpus: path.relative(ROOT, path.resolve(ROOT, corpus)) },
  };
}

/** The public sets, in the order `npm run eval` reports them. */
export const PUBLIC_SETS = ['jsquad', 'niilc', 'seed', 'seed-en', 'vite-docs'] as const;

function resolveSet(options: LoadSetOptions): { queriesFile: string; corpus: string; name: string } {
  if (options.set === 'jsquad') return inFolder(path.join(SHARED_EVAL, 'jsquad-valid'), 'jsquad');
  if (options.set === 'niilc') return inFolder(path.join(SHARED_EVAL, 'niilc-dev'), 'niilc');
  // The seed sets judge chunks of the sample document by substring.
  const seedFiles: Record<string, string> = { seed: 'seed-queries.jsonl', 'seed-en': 'seed-queries-en.jsonl' };
  if (seedFiles[options.set]) {
    return {
      queriesFile: path.join(SHARED_EVAL, seedFiles[options.set]),
      corpus: options.corpus ?? path.join(ROOT, 'corpus'),
      name: options.set,
    };
  }
  const target = path.resolve(process.cwd(), options.set);
  if (!existsSync(target))
    throw new Error(`--set ${options.set}: no such file or folder (or use all, ${PUBLIC_SETS.join(', ')})`);
  const name = path
    .basename(target)
    .replace(/\.jsonl$/, '')
    .replace(/[^A-Za-z0-9_-]/g, '_');
  if (statSync(target).isDirectory())
    return { ...inFolder(target, name), ...(options.corpus ? { corpus: options.corpus } : {}) };
  const beside = path.join(path.dirname(target), 'corpus.jsonl');
  return {
    queriesFile: target,
    corpus: options.corpus ?? (existsSync(beside) ? beside : path.join(ROOT, 'corpus')),
    name,
  };
}

function inFolder(dir: string, name: string) {
  const queriesFile = path.join(dir, 'queries.jsonl');
  const corpus = path.join(dir, 'corpus.jsonl');
  for (const f of [queriesFile, corpus]) if (!existsSync(f)) throw new Error(`${dir}: expected ${path.basename(f)}`);
  return { queriesFile, corpus, name };
}

function readJsonl(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new Error(`${file} line ${i + 1}: ${(e as Error).message}`);
      }
    });
}

function toQuery(raw: unknown, where: string): EvalQuery {
  const r = raw as { id?: unknown; query?: unknown; kind?: unknown; relevant?: unknown; answers?: unknown };
  if (typeof r.query !== 'string' || !r.query.trim()) throw new Error(`${where}: "query" must be a non-empty string`);
  if (!Array.isArray(r.relevant) || r.relevant.length === 0)
    throw new Error(`${where}: "relevant" must be a non-empty array`);
  const judgments = r.relevant.map((j): Judgment => {
    if (typeof j === 'string') return { documentId: j, grade: 1 };
    const o = j as { contains?: unknown; id?: unknown; documentId?: unknown; grade?: unknown };
    const grade = typeof o.grade === 'number' && o.grade > 0 ? o.grade : 1;
    if (typeof o.contains === 'string' && o.contains) return { contains: o.contains, grade };
    const id = o.documentId ?? o.id;
    if (typeof id === 'string' && id) return { documentId: id, grade };
    throw new Error(`${where}: each relevant entry is a document id, {id, grade} or {contains, grade}`);
  });
  const answers = Array.isArray(r.answers)
    ? r.answers.filter((a): a is string => typeof a === 'string' && a.trim() !== '')
    : [];
  return {
    id: typeof r.id === 'string' ? r.id : where,
    query: r.query,
    kind: typeof r.kind === 'string' ? r.kind : undefined,
    judgments,
    ...(answers.length ? { answers } : {}),
  };
}

/** n items evenly spaced over the list, first included. */
export function spread<T>(items: T[], n: number): T[] {
  if (n <= 0) return [];
  return Array.from({ length: Math.min(n, items.length) }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

/** The grade of a chunk for a contains-judged query: the best grade among the passages it contains. */
export function chunkGrade(query: EvalQuery, chunkText: string): number {
  const text = normalizeForMatch(chunkText);
  let grade = 0;
  for (const j of query.judgments)
    if ('contains' in j && text.includes(normalizeForMatch(j.contains))) grade = Math.max(grade, j.grade);
  return grade;
}

function walk(dir: string, ext: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full, ext, base);
    return e.name.endsWith(ext) ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

/**
 * The Japanese Vite docs (../shared/eval/vite-docs-ja, see its README): site/*.md (or, with `html`, the built
 * html/*.html) parsed by the product's formats, each page's id its path under site/ as the judgements name it; judged
 * per page with graded gains (`relevant`: path → grade).
 */
export async function loadViteDocs(dir: string, options: { html?: boolean } = {}): Promise<EvalSet> {
  const root = path.join(dir, options.html ? 'html' : 'site');
  const documents: SourceDocument[] = [];
  for (const file of walk(root, options.html ? '.html' : '.md').sort()) {
    // Judgements name the Markdown path: guide/features.md ↔ html/guide/features.html.
    const id = options.html ? file.replace(/\.html$/, '.md') : file;
    documents.push(...(await parseFile(file, readFileSync(path.join(root, file)), { documentId: id })));
  }
  const queries = readJsonl(path.join(dir, 'queries.jsonl')).map((raw) => {
    const q = raw as { id: string; kind: string; query: string; relevant: Record<string, number> };
    return {
      id: q.id,
      kind: q.kind,
      query: q.query,
      judgments: Object.entries(q.relevant).map(([documentId, grade]) => ({ documentId, grade })),
    };
  });
  return {
    name: 'vite-docs',
    level: 'document',
    documents,
    queries,
    sources: { queries: path.relative(ROOT, path.join(dir, 'queries.jsonl')), corpus: path.relative(ROOT, root) },
  };
}
