import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listSources } from '../indexer/sources.ts';
import { parseFile, type ParseOptions } from '../indexer/formats/index.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { IndexFailure } from '../indexer/pipeline/types.ts';
import { errorMessage } from '../errors/kensaku-error.ts';

export interface ReadSources {
  documents: SourceDocument[];
  failed: IndexFailure[];
}

/**
 * Files, folders and globs → documents, each file's id from indexer/sources.ts (sourceId: never `../`). A bad file
 * is reported and skipped, the others go on. `options` are the parsers' (the Markdown slug rule).
 */
export async function readSources(
  args: string[],
  cwd = process.cwd(),
  options: Omit<ParseOptions, 'documentId'> = {},
): Promise<ReadSources> {
  const { files, missing } = await listSources(args, cwd);
  const out: ReadSources = {
    documents: [],
    failed: missing.map((m) => ({ documentId: m, message: 'no such file, folder or glob match' })),
  };
  const owner = new Map<string, string>();
  for (const file of files) {
    const { id } = file;
    // Two folders outside the working directory may hold the same relative path: the second would overwrite.
    const taken = owner.get(id);
    if (taken !== undefined) {
      out.failed.push({
        documentId: id,
        message: `${file.path}: id ${id} is already given to ${taken}; run kensaku index from a folder holding both, so that their ids keep their folders`,
      });
      continue;
    }
    owner.set(id, file.path);
    try {
      const docs = await parseFile(id, await readFile(path.resolve(cwd, file.path)), options);
      out.documents.push(...docs.map((d) => ({ ...d, source: d.source ?? id })));
    } catch (e) {
      out.failed.push({ documentId: id, message: errorMessage(e) });
    }
  }
  return out;
}
