import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Files whose imports are followed: the TypeScript and JavaScript modules of the project. */
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Not modules of the project: dependencies, data, and what the server sends browsers (static files, web/'s built bundles). Dot folders are skipped too. */
const SKIPPED = new Set(['node_modules', 'data', 'corpus', 'api/public', 'web/dist']);

export interface ImportEdge {
  /** Root-relative paths, with `/`. */
  from: string;
  to: string;
  specifier: string;
}

export interface SourceFile {
  path: string;
  /** Every module specifier the file names: imports, re-exports, dynamic import(), import types, require(). */
  specifiers: string[];
}

export function listSourceFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    if (name.startsWith('.') || SKIPPED.has(rel)) continue;
    const stat = statSync(path.join(root, rel));
    if (stat.isDirectory()) out.push(...listSourceFiles(root, rel));
    else if (dir && SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The specifiers of one file, read with the compiler's parser (no type checking, no resolution). */
export function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const [arg] = node.arguments;
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((dynamic || required) && ts.isStringLiteralLike(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier as a project file: as written, a .js written for its .ts, or with an extension or index added. */
function resolve(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = path.resolve(root, path.dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.(m|c)?js$/, '.$1ts'),
    ...['.ts', '.mts', '.js', '.mjs'].map((e) => base + e),
    ...['index.ts', 'index.js'].map((i) => path.join(base, i)),
  ];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return hit ? path.relative(root, hit).split(path.sep).join('/') : null;
}

export interface ImportGraph {
  files: SourceFile[];
  edges: ImportEdge[];
  /** Relative specifiers that name no file. */
  unresolved: ImportEdge[];
}

export function readImportGraph(root: string): ImportGraph {
  const files = listSourceFiles(root).map((p) => ({
    path: p,
    specifiers: specifiersOf(p, readFileSync(path.join(root, p), 'utf8')),
  }));
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const file of files) {
    for (const specifier of file.specifiers) {
      if (!specifier.startsWith('.')) continue;
      const to = resolve(root, file.path, specifier);
      (to ? edges : unresolved).push({ from: file.path, to: to ?? specifier, specifier });
    }
  }
  return { files, edges, unresolved };
}

/** The folder a file belongs to in the layering: its top-level folder, or `tools/<part>` under tools/, whose parts are layered among themselves. */
export const topFolder = (file: string) => {
  const [top, part] = file.split('/');
  return top === 'tools' && part && !part.includes('.') ? `tools/${part}` : top;
};

/** Strongly connected components with more than one node, or a node importing itself: every cycle, grouped. */
export function cycles(edges: { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    next.get(from)!.push(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next.get(v)!.includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}
