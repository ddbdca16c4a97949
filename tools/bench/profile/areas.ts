// Where a V8 CPU profile's samples go, by area of the search path: each sample is charged to the innermost frame on
// its stack that belongs to an area (text/ helpers such as eachTerm count to whoever called them).

export interface CallFrame {
  functionName: string;
  url: string;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

type Rule = [area: string, test: (f: CallFrame) => boolean];

const inFile = (part: string) => (f: CallFrame) => f.url.includes(part);
const fn = (part: string, names: RegExp) => (f: CallFrame) => f.url.includes(part) && names.test(f.functionName);

/** Checked in order for each frame, innermost frame first; the first frame that matches a rule decides. */
const RULES: Rule[] = [
  ['coverage', fn('/text/query-terms.ts', /^(coverage|candidateIdf|covers)$/)],
  // Closures (some/every) inside query-terms.ts belong to the named function around them.
  [
    'keyword plan',
    (f) =>
      /\/search\/(keyword-plan|reading-search)|\/text\/(synonyms|lexicon\/)/.test(f.url) ||
      (f.url.includes('/text/query-terms.ts') && f.functionName !== ''),
  ],
  ['rerank', inFile('/search/rerank/')],
  ['chunk terms', inFile('/search/lexical/')],
  ['answers', inFile('/search/answer/')],
  ['highlight', inFile('/search/highlight.ts')],
  ['hits, snippets', (f) => /\/search\/(build-hits|snippet)\.ts/.test(f.url)],
  ['fusion, order', (f) => /\/search\/(order|fusion\/|facets)/.test(f.url)],
  ['run-search (own)', (f) => /\/search\/(run-search|run-legs|query-text|scope)\.ts/.test(f.url)],
  ['embedding (main-thread side)', inFile('/embeddings/')],
  // The store's HTTP client reads the legs' answers: its self time is mostly JSON.parse of Meilisearch's response.
  ['Meilisearch client, fetch', (f) => /\/store\/(node-http-client|meili-client)\.ts/.test(f.url)],
  ['store: legs, merge', inFile('/store/')],
  ['logging (pino)', (f) => /node_modules\/(pino|sonic-boom|thread-stream)/.test(f.url)],
  ['metrics', (f) => f.url.includes('node_modules/prom-client') || f.url.includes('/api/metrics.ts')],
  ['zod (request validation)', (f) => /node_modules\/(zod|@hono\/zod)/.test(f.url)],
  ['JSON response', (f) => f.url.includes('node_modules/hono/') && /^(json|newResponse)$/.test(f.functionName)],
  ['Meilisearch client, fetch', (f) => /node_modules\/meilisearch|undici/.test(f.url)],
  ['HTTP server, Hono', (f) => /node_modules\/(hono|@hono\/node-server)|\/api\/|\/server\//.test(f.url)],
];

/** For stacks no rule claims (Node's own frames, run from the event loop): the first that any frame matches. */
const FALLBACK: Rule[] = [
  ['Meilisearch client, fetch', (f) => f.url === 'node:_http_client' || f.url.includes('undici')],
  ['HTTP server, Hono', (f) => f.url === 'node:_http_server' || f.url === 'node:_http_outgoing'],
  ['Node internals', () => true],
];

const SPECIAL = new Map([
  ['(garbage collector)', 'GC'],
  ['(program)', 'V8, unattributed (program)'],
]);

export interface Breakdown {
  /** Non-idle samples in the windows, and their share by area (0..1). */
  busyMs: number;
  windowMs: number;
  areas: { area: string; ms: number; share: number }[];
  /** The largest self-time frames, for what the areas hide. */
  top: { frame: string; ms: number; share: number }[];
}

/** Self times of the samples taken inside `windows` (µs on the profile's clock), charged by area. */
export function breakdown(profile: CpuProfile, windows: [number, number][]): Breakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  const areaOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = areaOf.get(id);
    if (known) return known;
    const leaf = byId.get(id)!;
    let area = SPECIAL.get(leaf.callFrame.functionName);
    for (const rules of [RULES, FALLBACK])
      for (let n: ProfileNode | undefined = leaf; !area && n; n = n.parent ? byId.get(n.parent) : undefined)
        area = rules.find(([, test]) => test(n!.callFrame))?.[0];
    // Coverage under the reranker is the reranker's work.
    if (area === 'coverage' && stackHas(byId, leaf, '/search/rerank/')) area = 'rerank';
    if (leaf.callFrame.functionName === '(idle)') area = 'idle';
    area ??= 'other';
    areaOf.set(id, area);
    return area;
  };
  const ms = new Map<string, number>();
  const self = new Map<string, number>();
  let t = profile.startTime;
  let windowMs = 0;
  for (const [a, b] of windows) windowMs += (b - a) / 1000;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (!windows.some(([a, b]) => t >= a && t < b)) continue;
    const area = classify(profile.samples[i]);
    if (area === 'idle') continue;
    const dt = next / 1000;
    ms.set(area, (ms.get(area) ?? 0) + dt);
    const f = byId.get(profile.samples[i])!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules\/)?/, '')}`;
    self.set(name, (self.get(name) ?? 0) + dt);
  }
  const busyMs = [...ms.values()].reduce((s, x) => s + x, 0);
  const share = (x: number) => (busyMs ? x / busyMs : 0);
  return {
    busyMs,
    windowMs,
    areas: [...ms].map(([area, x]) => ({ area, ms: x, share: share(x) })).sort((a, b) => b.ms - a.ms),
    top: [...self]
      .map(([frame, x]) => ({ frame, ms: x, share: share(x) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 25),
  };
}

function stackHas(byId: Map<number, ProfileNode>, leaf: ProfileNode, part: string): boolean {
  for (let n: ProfileNode | undefined = leaf; n; n = n.parent ? byId.get(n.parent) : undefined)
    if (n.callFrame.url.includes(part)) return true;
  return false;
}
