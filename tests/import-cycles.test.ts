import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, readImportGraph, topFolder } from './helpers/import-graph.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The layering of ARCHITECTURE.md, lowest first: a file imports its own folder and folders of lower layers only, so
 * folders of one layer never import each other. Type-only imports count like any other.
 */
const LAYERS: string[][] = [
  ['domain'],
  ['errors'],
  ['config'],
  ['text'],
  ['embeddings', 'store'],
  ['indexer'],
  ['search', 'crawler'],
  ['service', 'web'],
  ['api'],
  ['server'],
  ['cli'],
  ['tools/peer'],
  ['tools/lib'],
  ['tools/bench', 'tools/eval', 'tools/soak', 'bin'],
  ['tests'],
];
const layerOf = new Map(LAYERS.flatMap((folders, layer) => folders.map((f) => [f, layer] as const)));

const graph = readImportGraph(ROOT);
const between = graph.edges.filter((e) => topFolder(e.from) !== topFolder(e.to));

describe('import graph', () => {
  it('finds every import it checks', () => {
    expect(graph.unresolved).toEqual([]);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ from: 'api/routes/search.ts', to: 'search/run-search.ts' }),
    );
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'bin/kensaku.js', to: 'cli/main.ts' }));
    // The cycle finder itself, on a graph with one cycle of three and one self-import.
    const found = cycles([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'e' },
    ]);
    expect(found).toEqual([['a', 'b', 'c'], ['e']]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graph.edges)).toEqual([]);
  });

  it('has no cycle between top-level folders', () => {
    expect(cycles(between.map((e) => ({ from: topFolder(e.from), to: topFolder(e.to) })))).toEqual([]);
  });

  it('keeps domain/ a leaf: no imports at all, not even node: or packages', () => {
    const domain = graph.files.filter((f) => topFolder(f.path) === 'domain');
    expect(domain.length).toBeGreaterThan(0);
    expect(
      domain.filter((f) => f.specifiers.length > 0).map((f) => `${f.path} imports ${f.specifiers.join(', ')}`),
    ).toEqual([]);
  });

  it('places every top-level folder with source files in a layer', () => {
    const unplaced = [...new Set(graph.files.map((f) => topFolder(f.path)))].filter((f) => !layerOf.has(f));
    // A new folder: put it in LAYERS here and in ARCHITECTURE.md.
    expect(unplaced).toEqual([]);
  });

  it('imports only downward: nothing below api/ imports api/, search/ imports neither api/ nor service/, …', () => {
    const upward = between
      .filter((e) => !(layerOf.get(topFolder(e.to))! < layerOf.get(topFolder(e.from))!))
      .map((e) => `${e.from} → ${e.to}: ${topFolder(e.from)}/ may not import ${topFolder(e.to)}/`);
    expect(upward).toEqual([]);
  });
});
