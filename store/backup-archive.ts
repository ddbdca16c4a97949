import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';

/** Version of the archive's layout: a reader refuses a layout it does not know. */
export const BACKUP_FORMAT = 1;

/** The first line: what made the archive. */
export interface BackupHeader {
  kind: 'kensaku-backup';
  format: number;
  createdAt: string;
  /** INDEX_NAME of the service backed up: every index it restores is `<indexName>` or `<indexName>_…`. */
  indexName: string;
  meilisearchVersion: string;
}

/** An index as created before its documents: primary key and every setting, embedders included. */
export interface IndexLine {
  kind: 'index';
  uid: string;
  primaryKey: string | null;
  settings: Record<string, unknown>;
}

export interface DocumentsLine {
  kind: 'documents';
  uid: string;
  documents: Record<string, unknown>[];
}

/** The last line: what came before it, so a truncated or altered archive is refused before anything is written. */
export interface BackupManifest {
  kind: 'manifest';
  /** Lines before this one. */
  lines: number;
  /** sha256 of every byte before this line (the header, index and documents lines with their newlines). */
  sha256: string;
  indexes: Record<string, { documents: number; sha256: string }>;
}

export type BackupLine = BackupHeader | IndexLine | DocumentsLine;

/**
 * Writes an archive as gzip'd NDJSON: header, then per index its settings and its documents, then the manifest.
 * gzip's own CRC and length catch most damage; the manifest's checksums catch the rest and a cut at a line end.
 */
export async function createArchiveWriter(file: string, header: Omit<BackupHeader, 'kind' | 'format'>) {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(file, { mode: 0o600 });
  const piped = new Promise<void>((resolve, reject) => {
    out.on('error', reject).on('finish', resolve);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const all = createHash('sha256');
  const perIndex = new Map<string, { documents: number; hash: ReturnType<typeof createHash> }>();
  let lines = 0;

  async function write(line: BackupLine | BackupManifest): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    if (line.kind !== 'manifest') {
      all.update(text);
      lines++;
    }
    if (line.kind === 'index' || line.kind === 'documents') {
      let entry = perIndex.get(line.uid);
      if (!entry) perIndex.set(line.uid, (entry = { documents: 0, hash: createHash('sha256') }));
      entry.hash.update(text);
      if (line.kind === 'documents') entry.documents += line.documents.length;
    }
    if (!gzip.write(text)) await once(gzip, 'drain');
  }

  await write({ kind: 'kensaku-backup', format: BACKUP_FORMAT, ...header });
  return {
    write: (line: IndexLine | DocumentsLine) => write(line),
    /** Writes the manifest and closes the file; returns the manifest. */
    async close(): Promise<BackupManifest> {
      const manifest: BackupManifest = {
        kind: 'manifest',
        lines,
        sha256: all.digest('hex'),
        indexes: Object.fromEntries(
          [...perIndex].map(([uid, e]) => [uid, { documents: e.documents, sha256: e.hash.digest('hex') }]),
        ),
      };
      await write(manifest);
      gzip.end();
      await piped;
      return manifest;
    },
    /** Stops writing after a failure (the caller removes the file). */
    abort(): void {
      gzip.destroy();
      out.destroy();
    },
  };
}

const invalid = (file: string, why: string) =>
  new KensakuError('backup_invalid', `${file} is not a usable kensaku backup: ${why}; nothing was restored`);

/** The archive's lines in order, the manifest's checks applied as they go: the last line yielded is the manifest. */
async function* readLines(file: string): AsyncGenerator<BackupLine | BackupManifest> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  let streamError: Error | null = null;
  input.on('error', (e) => {
    streamError = e;
    gunzip.destroy(e);
  });
  input.pipe(gunzip);
  const rl = createInterface({ input: gunzip, crlfDelay: Number.POSITIVE_INFINITY });
  const all = createHash('sha256');
  const perIndex = new Map<string, { documents: number; hash: ReturnType<typeof createHash> }>();
  let count = 0;
  let manifest: BackupManifest | null = null;
  try {
    for await (const text of rl) {
      if (manifest) throw invalid(file, 'data after its manifest');
      let line: BackupLine | BackupManifest;
      try {
        line = JSON.parse(text);
      } catch {
        throw invalid(file, `line ${count + 1} is not JSON (corrupted)`);
      }
      if (count === 0 && (line.kind !== 'kensaku-backup' || line.format !== BACKUP_FORMAT))
        throw invalid(
          file,
          line.kind === 'kensaku-backup' ? `unknown format ${line.format}` : 'no kensaku backup header',
        );
      if (line.kind === 'manifest') {
        manifest = line;
        continue;
      }
      const bytes = `${text}\n`;
      all.update(bytes);
      count++;
      if (line.kind === 'index' || line.kind === 'documents') {
        let entry = perIndex.get(line.uid);
        if (!entry) perIndex.set(line.uid, (entry = { documents: 0, hash: createHash('sha256') }));
        entry.hash.update(bytes);
        if (line.kind === 'documents') entry.documents += line.documents.length;
      }
      yield line;
    }
  } catch (e) {
    if (e instanceof KensakuError) throw e;
    const code = (e as { code?: string }).code;
    if (streamError) throw invalid(file, errorMessage(streamError));
    throw invalid(
      file,
      code === 'Z_BUF_ERROR' || /unexpected end/i.test(errorMessage(e))
        ? 'it is truncated'
        : `it is corrupted (${errorMessage(e)})`,
    );
  } finally {
    rl.close();
    input.destroy();
  }
  if (!manifest) throw invalid(file, count === 0 ? 'it is empty' : 'it is truncated (no manifest)');
  if (manifest.lines !== count || manifest.sha256 !== all.digest('hex'))
    throw invalid(file, 'its checksum does not match its manifest (corrupted)');
  for (const [uid, e] of perIndex) {
    const m = manifest.indexes[uid];
    if (!m || m.documents !== e.documents || m.sha256 !== e.hash.digest('hex'))
      throw invalid(file, `index ${uid} does not match its manifest (corrupted)`);
  }
  yield manifest;
}

/** Reads the whole archive and checks it against its manifest: throws backup_invalid, else returns header and manifest. */
export async function verifyArchive(file: string): Promise<{ header: BackupHeader; manifest: BackupManifest }> {
  let header: BackupHeader | null = null;
  let manifest: BackupManifest | null = null;
  for await (const line of readLines(file)) {
    if (line.kind === 'kensaku-backup') header = line;
    if (line.kind === 'manifest') manifest = line;
  }
  return { header: header!, manifest: manifest! };
}

/**
 * The archive's index and documents lines, in order. The manifest is checked only at the end, so callers verify
 * first (verifyArchive): a file changed between the two reads still fails here, after the writes it fed.
 */
export async function* archiveLines(file: string): AsyncGenerator<IndexLine | DocumentsLine> {
  for await (const line of readLines(file)) if (line.kind === 'index' || line.kind === 'documents') yield line;
}
