// Bundles the browser code into web/dist/, which the server serves at the same URLs: web/widget → /widget.js (runs on
// other sites: an ES2019 IIFE, one global), web/app → /app.js (the search page's classic deferred script),
// web/instantsearch → /instantsearch.js (an ES module other sites import: its export is the API) and web/dashboard →
// /dashboard.js (the analytics page's classic deferred script, with uPlot, its one package).
// web/dist is git-ignored output: `npm ci` builds it (the prepare script), `npm run build:web` rebuilds it, and
// `kensaku serve` rebuilds it at start when a source changed since (ensureWebBundles), or names the missing build.
// esbuild is a devDependency, so it is imported only when a build runs: the server imports this file in production too.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KensakuError } from '../errors/kensaku-error.ts';

type Esbuild = typeof import('esbuild');

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the server reads the bundles from. */
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
/** The sources each build was made from, with their hashes: what a staleness check compares (mtimes lie after a clone or a COPY). */
const MANIFEST = 'manifest.json';
const THIS_FILE = 'web/build.ts';

export const BUNDLES = [
  { entry: 'web/widget/main.ts', out: 'widget.js', format: 'iife' },
  { entry: 'web/app/main.ts', out: 'app.js', format: 'iife' },
  { entry: 'web/instantsearch/index.ts', out: 'instantsearch.js', format: 'esm' },
  { entry: 'web/dashboard/main.ts', out: 'dashboard.js', format: 'iife' },
] as const;

export type BundleName = (typeof BUNDLES)[number]['out'];

export interface BuiltBundle {
  /** Absolute path of the written file. */
  file: string;
  /** Source files bundled into it, relative to the repo root. */
  inputs: string[];
}

interface Manifest {
  /** Root-relative path → sha256 of every bundled source, and of this file (it sets the build options). */
  sources: Record<string, string>;
}

const FIX = 'run `npm run build:web` (it needs esbuild, a devDependency that `npm ci` installs)';

/** esbuild, or null where it is not installed (`npm ci --omit=dev`, the Docker image). */
async function loadEsbuild(): Promise<Esbuild | null> {
  try {
    return await import('esbuild');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
}

const hashOf = (file: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(ROOT, file)))
    .digest('hex');

/** The entry's leading /*! ... *\/ comment (what the file is, its DOM contract) goes first in the bundle. */
function headerOf(entry: string): string {
  const m = /^\/\*![\s\S]*?\*\//.exec(readFileSync(path.join(ROOT, entry), 'utf8'));
  const generated = `// Built from ${path.posix.dirname(entry)}/ by web/build.ts (npm run build:web): edit the sources, not this file.`;
  return m ? `${m[0]}\n${generated}` : generated;
}

/**
 * Writes every bundle and the manifest into `outDir` (web/dist by default). Each file is built in a temporary folder
 * inside `outDir` and renamed into place, the manifest last: a server starting meanwhile reads whole files.
 */
export async function buildWeb(outDir: string = WEB_DIST, esbuild?: Esbuild): Promise<BuiltBundle[]> {
  const { build } = esbuild ?? (await loadEsbuild()) ?? failMissing('not built, and esbuild is not installed');
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(path.join(outDir, '.tmp-'));
  try {
    const built: BuiltBundle[] = [];
    const sources: Manifest['sources'] = { [THIS_FILE]: hashOf(THIS_FILE) };
    for (const { entry, out, format } of BUNDLES) {
      const result = await build({
        absWorkingDir: ROOT,
        entryPoints: [entry],
        outfile: path.join(tmp, out),
        bundle: true,
        format,
        platform: 'browser',
        target: 'es2019',
        charset: 'utf8',
        legalComments: 'none', // the header is the banner
        banner: { js: headerOf(entry) },
        metafile: true,
        logLevel: 'warning',
      });
      const inputs = Object.keys(result.metafile.inputs).sort();
      for (const input of inputs) sources[input] = hashOf(input);
      built.push({ file: path.join(outDir, out), inputs });
    }
    writeFileSync(path.join(tmp, MANIFEST), `${JSON.stringify({ sources } satisfies Manifest, null, 2)}\n`);
    for (const name of [...BUNDLES.map((b) => b.out), MANIFEST])
      renameSync(path.join(tmp, name), path.join(outDir, name));
    return built;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Why `dir` cannot be served as it is ("not built", a bundle missing, a source changed), or null when it is current. */
export function staleReason(dir: string = WEB_DIST): string | null {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return 'not built';
  }
  const missing = BUNDLES.find((b) => !existsSync(path.join(dir, b.out)));
  if (missing) return `missing ${missing.out}`;
  for (const [file, hash] of Object.entries(manifest.sources)) {
    if (!existsSync(path.join(ROOT, file)) || hashOf(file) !== hash) return `older than ${file}`;
  }
  return null;
}

function failMissing(reason: string): never {
  throw new KensakuError('web_bundles_missing', `the web bundles in web/dist are ${reason}: ${FIX}`);
}

/**
 * At server start: a build of web/ that is missing or older than its sources is rebuilt where esbuild is installed
 * (development), and is an error naming the fix where it is not (a production install without the build).
 */
export async function ensureWebBundles(
  options: { dir?: string; esbuild?: () => Promise<Esbuild | null> } = {},
): Promise<'current' | 'rebuilt'> {
  const reason = staleReason(options.dir);
  if (reason === null) return 'current';
  const esbuild = await (options.esbuild ?? loadEsbuild)();
  if (!esbuild) failMissing(reason);
  await buildWeb(options.dir, esbuild);
  return 'rebuilt';
}

/** One bundle's text, for the server to serve; a missing build is named, not an ENOENT. */
export function readBundle(name: BundleName, dir: string = WEB_DIST): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) failMissing(`missing ${name}`);
  return readFileSync(file, 'utf8');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --optional (the prepare script): `npm ci --omit=dev` runs prepare too, without esbuild; the server then names the fix.
  const optional = process.argv.includes('--optional');
  const outArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const esbuild = await loadEsbuild();
  if (esbuild) {
    const built = await buildWeb(outArg ? path.resolve(outArg) : undefined, esbuild);
    for (const b of built) console.log(`${path.relative(ROOT, b.file)} ← ${b.inputs.length} files`);
  } else {
    (optional ? console.log : console.error)(
      'web/build.ts: esbuild is not installed (dev dependencies omitted): web/dist not built',
    );
    if (!optional) process.exitCode = 1;
  }
}
