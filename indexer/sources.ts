import { stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SUPPORTED_EXTENSIONS } from './formats/index.ts';

export interface ExpandedSources {
  /** Files to index: sorted, de-duplicated, posix separators, relative as given (absolute if given absolute). */
  files: string[];
  /** Arguments that matched nothing: a path that does not exist, or a glob with no supported file. */
  missing: string[];
}

export interface SourceFile {
  /** The file as expandSources names it (relative to the working directory as given, or absolute). */
  path: string;
  /** Its document id (sourceId). */
  id: string;
}

const isSupported = (file: string) => SUPPORTED_EXTENSIONS.includes(extname(file).toLowerCase());
/** Dependency folders are never documents; dot folders (.git) are skipped by tinyglobby itself. */
const IGNORE = ['**/node_modules/**'];

/**
 * Turns CLI arguments into the files to index. A file is taken as named (an unsupported one is
 * refused later by parseFile, so the user hears about it); a directory is searched recursively and
 * a glob is expanded, both keeping only supported extensions. Missing paths are returned, not
 * thrown, so the caller can report them all and still index the rest.
 */
export async function expandSources(args: string[], cwd: string = process.cwd()): Promise<ExpandedSources> {
  const { files, missing } = await listSources(args, cwd);
  return { files: files.map((f) => f.path), missing };
}

/** expandSources with each file's document id; sorted by path. */
export async function listSources(
  args: string[],
  cwd: string = process.cwd(),
): Promise<{ files: SourceFile[]; missing: string[] }> {
  const byPath = new Map<string, SourceFile>(); // absolute path → the file, as first found
  const missing: string[] = [];
  for (const arg of args) {
    const given = arg.replaceAll('\\', '/');
    const { base, found } = await expandOne(given, cwd);
    if (found.length === 0) missing.push(arg);
    for (const file of found) {
      const absolute = resolve(cwd, file);
      if (!byPath.has(absolute)) byPath.set(absolute, { path: file, id: sourceId(absolute, resolve(cwd, base), cwd) });
    }
  }
  return { files: [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), missing };
}

/**
 * A file's document id, never `../`. Found through a folder inside the working directory: its path from the working
 * directory (`docs/a.txt`, the ids kensaku has always given there, and the demo corpus's `corpus/…`). Through a
 * folder outside it: its path from that folder (`kensaku index /tmp/docs` → `a.txt`, `sub/b.md`), a glob's folder
 * being its fixed part (`/tmp/docs/**\/*.md` → `sub/b.md`), a file named alone its folder (→ its base name).
 */
export function sourceId(file: string, base: string, cwd: string): string {
  const escapes = (p: string) => p === '..' || p.startsWith(`..${sep}`) || isAbsolute(p);
  const id = relative(escapes(relative(cwd, base)) ? base : cwd, file);
  // Only a glob climbing out of its own fixed part (`*/../../x.txt`) gets here.
  return (escapes(id) ? basename(file) : id).split(sep).join('/');
}

/** The files an argument names, and the folder their ids start from outside the working directory. */
async function expandOne(arg: string, cwd: string): Promise<{ base: string; found: string[] }> {
  const info = await stat(resolve(cwd, arg)).catch(() => undefined);
  if (info?.isFile()) return { base: dirname(arg), found: [posix.normalize(arg)] };
  if (info?.isDirectory()) {
    const inside = await glob('**/*', { cwd: resolve(cwd, arg), onlyFiles: true, ignore: IGNORE });
    return { base: arg, found: inside.filter(isSupported).map((file) => posix.join(arg, file)) };
  }
  // Only a name that does not exist is read as a pattern, so `notes(1).txt` stays a file name.
  if (!isDynamicPattern(arg)) return { base: arg, found: [] };
  // Globbed from its fixed folders: tinyglobby finds nothing for an absolute pattern above its cwd.
  const parts = arg.split('/');
  const at = Math.max(
    0,
    parts.findIndex((p) => isDynamicPattern(p)),
  );
  const base = at === 0 ? '.' : parts.slice(0, at).join('/') || '/';
  const matched = await glob(parts.slice(at).join('/'), { cwd: resolve(cwd, base), onlyFiles: true, ignore: IGNORE });
  return {
    base,
    found: matched.filter(isSupported).map((file) => (isAbsolute(arg) ? resolve(base, file) : posix.join(base, file))),
  };
}
