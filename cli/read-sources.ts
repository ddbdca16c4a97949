import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandSources } from '../indexer/sources.ts';
import { parseFile } from '../indexer/formats/index.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { IndexFailure } from '../indexer/pipeline/types.ts';
import { errorMessage } from '../errors/kensaku-error.ts';

export interface ReadSources {
  documents: SourceDocument[];
  failed: IndexFailure[];
}

/** Files, folders and globs → documents. A bad file is reported and skipped, the others go on. */
export async function readSources(args: string[], cwd = process.cwd()): Promise<ReadSources> {
  const { files, missing } = await expandSources(args, cwd);
  const out: ReadSources = { documents: [], failed: missing.map((m) => ({ documentId: m, message: 'no such file, folder or glob match' })) };
  for (const file of files) {
    const id = path.relative(cwd, file).split(path.sep).join('/');
    try {
      const docs = await parseFile(id, await readFile(file));
      out.documents.push(...docs.map((d) => ({ ...d, source: d.source ?? id })));
    } catch (e) {
      out.failed.push({ documentId: id, message: errorMessage(e) });
    }
  }
  return out;
}
