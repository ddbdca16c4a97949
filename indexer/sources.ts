import { stat } from 'node:fs/promises';
import { extname, isAbsolute, posix, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SUPPORTED_EXTENSIONS } from './formats/index.ts';

export interface ExpandedSources {
  /** Files to index: sorted, de-duplicated, posix separators, relative as given (absolute if given absolute). */
  files: string[];
  /** Arguments that matched nothing: a path that does not exist, or a glob with no supported file. */
  missing: string[];
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
  const byPath = new Map<string, string>(); // absolute path → name as shown
  const missing: string[] = [];
  for (const arg of args) {
    const found = await expandOne(arg.replaceAll('\\', '/'), cwd);
    if (found.length === 0) missing.push(arg);
    for (const file of found) if (!byPath.has(resolve(cwd, file))) byPath.set(resolve(cwd, file), file);
  }
  return { files: [...byPath.values()].sort(), missing };
}

async function expandOne(arg: string, cwd: string): Promise<string[]> {
  const info = await stat(resolve(cwd, arg)).catch(() => undefined);
  if (info?.isFile()) return [posix.normalize(arg)];
  if (info?.isDirectory()) {
    const inside = await glob('**/*', { cwd: resolve(cwd, arg), onlyFiles: true, ignore: IGNORE });
    return inside.filter(isSupported).map((file) => posix.join(arg, file));
  }
  // Only a name that does not exist is read as a pattern, so `notes(1).txt` stays a file name.
  if (!isDynamicPattern(arg)) return [];
  const matched = await glob(arg, { cwd, onlyFiles: true, ignore: IGNORE, absolute: isAbsolute(arg) });
  return matched.filter(isSupported);
}
