// Bundles the browser code into the files the server serves: web/widget → api/public/widget.js (runs on other
// sites: an ES2019 IIFE, one global), web/app → api/public/app.js (the search page's classic deferred script) and
// web/instantsearch → api/public/instantsearch.js (an ES module other sites import: its export is the API).
// The output is committed; tests/web-bundle.test.ts fails when it differs from a fresh build.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PUBLIC_DIR = path.join(ROOT, 'api', 'public');

export const BUNDLES = [
  { entry: 'web/widget/main.ts', out: 'widget.js', format: 'iife' },
  { entry: 'web/app/main.ts', out: 'app.js', format: 'iife' },
  { entry: 'web/instantsearch/index.ts', out: 'instantsearch.js', format: 'esm' },
] as const;

export interface BuiltBundle {
  /** Absolute path of the written file. */
  file: string;
  /** Source files bundled into it, relative to the repo root. */
  inputs: string[];
}

/** The entry's leading /*! ... *\/ comment (what the file is, its DOM contract) goes first in the bundle. */
function headerOf(entry: string): string {
  const m = /^\/\*![\s\S]*?\*\//.exec(readFileSync(path.join(ROOT, entry), 'utf8'));
  const generated = `// Built from ${path.posix.dirname(entry)}/ by web/build.ts (npm run build:web): edit the sources, not this file.`;
  return m ? `${m[0]}\n${generated}` : generated;
}

/** Writes every bundle into `outDir` (the served api/public by default). */
export async function buildWeb(outDir: string = PUBLIC_DIR): Promise<BuiltBundle[]> {
  const built: BuiltBundle[] = [];
  for (const { entry, out, format } of BUNDLES) {
    const file = path.join(outDir, out);
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [entry],
      outfile: file,
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
    built.push({ file, inputs: Object.keys(result.metafile.inputs).sort() });
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const b of built) console.log(`${path.relative(ROOT, b.file)} ← ${b.inputs.length} files`);
}
