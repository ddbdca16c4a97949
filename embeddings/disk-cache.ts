import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// File layout: 16-byte header (magic, dimensions), then fixed-size records of a 32-byte key
// (sha256 of prefix + text) and `dimensions` float32s in host byte order. Fixed sizes make a
// record torn by a crash easy to spot: it is the remainder after the last whole record.
const MAGIC = Buffer.from('KSKEMB01', 'latin1');
const HEADER = 16;
const KEY = 32;

export interface DiskCacheOptions {
  /** Folder for the cache files, e.g. `<dataDir>/embed-cache`. */
  dir: string;
  /** The embedder's fingerprint: one file per model, so vectors never mix. */
  fingerprint: string;
  dimensions: number;
}

export interface DiskCache {
  readonly file: string;
  readonly size: number;
  get(key: string): Float32Array | undefined;
  /** Appends new vectors; resolves once written. */
  putMany(entries: Array<[key: string, vector: ArrayLike<number>]>): Promise<void>;
  close(): Promise<void>;
}

/** Key of a text embedded with a prefix (the fingerprint is the file). */
export function diskCacheKey(prefix: string, text: string): string {
  return createHash('sha256').update(prefix).update('\0').update(text).digest('base64');
}

/** Loads every whole record into memory; drops a torn tail so later appends stay aligned. */
export async function openDiskCache(options: DiskCacheOptions): Promise<DiskCache> {
  const { dir, fingerprint, dimensions } = options;
  const file = path.join(dir, `${fingerprint}.bin`);
  const recordSize = KEY + dimensions * 4;
  await fs.promises.mkdir(dir, { recursive: true });
  const data = await fs.promises.readFile(file).catch(() => Buffer.alloc(0));
  const map = new Map<string, Float32Array>();

  const validHeader = data.length >= HEADER && data.subarray(0, 8).equals(MAGIC) && data.readUInt32LE(8) === dimensions;
  const whole = validHeader ? HEADER + Math.floor((data.length - HEADER) / recordSize) * recordSize : 0;
  for (let off = HEADER; off < whole; off += recordSize) {
    const start = data.byteOffset + off + KEY;
    // slice() copies into an aligned buffer; the file buffer's offsets need not be 4-aligned.
    map.set(
      data.toString('base64', off, off + KEY),
      new Float32Array(data.buffer.slice(start, start + dimensions * 4)),
    );
  }
  if (!validHeader) {
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header);
    header.writeUInt32LE(dimensions, 8);
    await fs.promises.writeFile(file, header);
  } else if (whole < data.length) {
    await fs.promises.truncate(file, whole);
  }

  const handle = await fs.promises.open(file, 'a');
  let writes: Promise<unknown> = Promise.resolve();
  let broken: Error | undefined;
  return {
    file,
    get size() {
      return map.size;
    },
    get: (key) => map.get(key),
    putMany(entries) {
      const fresh: Array<[string, Float32Array]> = [];
      for (const [key, vector] of entries) {
        if (map.has(key)) continue;
        const v = Float32Array.from(vector);
        map.set(key, v);
        fresh.push([key, v]);
      }
      if (fresh.length === 0) return writes.then(() => undefined);
      const buf = Buffer.alloc(fresh.length * recordSize);
      fresh.forEach(([key, v], i) => {
        Buffer.from(key, 'base64').copy(buf, i * recordSize);
        Buffer.from(v.buffer).copy(buf, i * recordSize + KEY);
      });
      // One write per batch, in order: records from concurrent calls never interleave. After a failed or short write
      // (a full disk) nothing more is appended, so the torn record stays the file's tail, which the next open drops.
      const done = writes.then(async () => {
        if (broken) throw broken;
        const { bytesWritten } = await handle.write(buf).catch((e: Error) => {
          broken = e;
          throw e;
        });
        if (bytesWritten !== buf.length) throw (broken = new Error(`short write to ${file} (disk full?)`));
      });
      writes = done.catch(() => undefined);
      return done;
    },
    async close() {
      await writes;
      await handle.close();
    },
  };
}
