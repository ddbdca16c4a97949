// Where a hybrid search's own CPU goes: `kensaku serve` under `node --cpu-prof` (V8's sampling profiler, main thread),
// driven by autocannon with distinct JSQuAD questions (EMBED_QUERY_CACHE=0, as the latency section), and the samples
// taken while the load ran charged by area (profile/areas.ts). With --against <checkout>, a second server built from
// that tree (e.g. the commit before a change) shares the Meilisearch and is loaded in interleaved quarters, so the
// two breakdowns and latencies are side by side in one run.
//
//   node --import tsx tools/bench/profile.ts [--against DIR] [--data-dir DIR] [--requests 800] [--connections 8]
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { intFlag, parseFlags } from '../lib/args.ts';
import { fmt, heading, table } from '../lib/format.ts';
import { indexJsquadFresh } from '../lib/jsquad-index.ts';
import { loadQueries } from '../lib/jsquad.ts';
import { pool, QueryRotation, runLoad, type LoadResult } from '../lib/load.ts';
import { log, print } from '../lib/log.ts';
import { MODEL_DIR, ROOT } from '../lib/paths.ts';
import { embeddingsAvailable, freePort, spawnChild, waitHealthy, type Child } from '../lib/processes.ts';
import { searchPath } from '../lib/servers.ts';
import { breakdown, type Breakdown, type CpuProfile } from './profile/areas.ts';

const flags = parseFlags(process.argv.slice(2), {
  against: { type: 'string' },
  // Profile folders of an earlier run (comma-separated): their breakdown again, without a load.
  analyse: { type: 'string' },
  'data-dir': { type: 'string' },
  requests: { type: 'string' },
  connections: { type: 'string' },
});
const requests = intFlag(flags.requests, 800, 'requests');
const connections = intFlag(flags.connections, 8, 'connections');

interface Target {
  name: string;
  child: Child;
  base: string;
  profileDir: string;
  /** µs on the monotonic clock V8's profiler stamps samples with. */
  windows: [number, number][];
  results: LoadResult[];
  rotation: QueryRotation;
  /** CPU seconds the load took, from /proc: the main thread's, and the whole process's (the model's workers too). */
  cpu: { main: number; all: number };
}

async function start(name: string, root: string, env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const profileDir = mkdtempSync(path.join(tmpdir(), `kensaku-profile-${name}-`));
  const child = spawnChild({
    name: `kensaku serve (${name}, ${root})`,
    // Node refuses --cpu-prof in NODE_OPTIONS; it writes the profile when the process exits.
    args: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, path.join(root, 'bin', 'kensaku.js'), 'serve'],
    cwd: root,
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBED_MODEL_DIR: MODEL_DIR,
      EMBED_DOWNLOAD: 'off',
      DEMO_CORPUS: 'off',
      LOG_LEVEL: 'info',
      EMBED_QUERY_CACHE: '0',
      RATE_LIMIT_ANON_PER_MINUTE: '0',
      MEILI_URL: '',
      MEILI_MASTER_KEY: '',
      ADMIN_KEY: '',
      SEARCH_KEY: '',
      ...env,
    },
    inheritEnv: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, base, { timeoutMs: 180_000, ready: embeddingsAvailable });
  return {
    name,
    child,
    base,
    profileDir,
    windows: [],
    results: [],
    rotation: new QueryRotation(loadQueries()),
    cpu: { main: 0, all: 0 },
  };
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

// utime + stime of /proc/<pid>[/task/<pid>]/stat, in seconds (USER_HZ 100): real CPU, however busy the machine is,
// where a sampling profile's wall-clock samples stretch when other processes take the cores.
function cpuOf(pid: number, mainThread: boolean): number {
  const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function load(t: Target, amount: number, record: boolean) {
  const from = nowUs();
  const [main0, all0] = [cpuOf(t.child.pid, true), cpuOf(t.child.pid, false)];
  const r = await runLoad({
    base: t.base,
    path: searchPath('hybrid'),
    queries: t.rotation,
    connections,
    amount,
    maxSeconds: 300,
  });
  if (!record) return;
  t.windows.push([from, nowUs()]);
  t.cpu.main += cpuOf(t.child.pid, true) - main0;
  t.cpu.all += cpuOf(t.child.pid, false) - all0;
  t.results.push(r);
  log(`  ${t.name.padEnd(8)} n=${r.ok} p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} ms (${fmt(r.rps)} req/s)`);
}

function mainThreadProfile(dir: string): CpuProfile {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (the model runs on workers).
  const file = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`no main-thread profile in ${dir}: ${readdirSync(dir).join(', ')}`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
}

async function main() {
  let dataDir = flags['data-dir'] as string | undefined;
  if (!dataDir) {
    const j = await indexJsquadFresh(undefined);
    await j.core?.close();
    dataDir = j.dataDir;
    log(`profile: JSQuAD indexed in ${dataDir} (pass --data-dir to reuse it)`);
  }
  // The other server gets its own copy of the index and its own Meilisearch, as each would run alone; copied before
  // any server opens it (a running Meilisearch's files are no consistent copy).
  const other = flags.against ? mkdtempSync(path.join(tmpdir(), 'kensaku-profile-against-')) : null;
  if (other) cpSync(dataDir, other, { recursive: true });
  const targets: Target[] = [];
  try {
    targets.push(await start('this', ROOT, { DATA_DIR: dataDir }));
    if (other) targets.push(await start('against', path.resolve(flags.against as string), { DATA_DIR: other }));
    log('profile: warm-up, 60 hybrid requests each');
    for (const t of targets) await load(t, 60, false);
    log(`profile: ${requests} hybrid requests each at c=${connections}, in quarters A B B A (twice)`);
    const order = [...targets, ...[...targets].reverse()];
    for (let round = 0; round < 2; round++) for (const t of order) await load(t, requests / 4, true);
  } finally {
    for (const t of [...targets].reverse()) await t.child.stop(30_000);
  }
  for (const t of targets) writeFileSync(path.join(t.profileDir, 'windows.json'), JSON.stringify(t.windows));
  const rows = targets.map((t) => ({
    t,
    b: breakdown(mainThreadProfile(t.profileDir), t.windows),
    r: pool(t.results),
  }));
  report(rows);
}

function report(rows: { t: Target; b: Breakdown; r: LoadResult }[]) {
  print(heading(`hybrid over HTTP, c=${connections}, ${requests} distinct JSQuAD questions per server`));
  print(
    table([
      ['server', 'n', 'p50 ms', 'p95 ms', 'req/s', 'CPU ms/search: main thread', 'all threads (model too)'],
      ...rows.map(({ t, r }) => [
        t.name,
        String(r.ok),
        fmt(r.p50),
        fmt(r.p95),
        fmt(r.rps),
        fmt((1000 * t.cpu.main) / r.ok, 2),
        fmt((1000 * t.cpu.all) / r.ok, 2),
      ]),
    ]),
  );
  print(
    heading(
      'main-thread CPU by area: % of the busy samples while the load ran (V8 --cpu-prof); ms = % × CPU ms/search',
    ),
  );
  const areas = [...new Set(rows.flatMap(({ b }) => b.areas.map((a) => a.area)))];
  const pick = (b: Breakdown, area: string) => b.areas.find((a) => a.area === area);
  print(
    table([
      ['area', ...rows.flatMap(({ t }) => [`${t.name} %`, `${t.name} ms/search`])],
      ...areas.map((area) => [
        area,
        ...rows.flatMap(({ t, b, r }) => {
          const share = pick(b, area)?.share ?? 0;
          return [fmt(100 * share), fmt((share * 1000 * t.cpu.main) / r.ok, 2)];
        }),
      ]),
    ]),
  );
  for (const { t, b } of rows) {
    print(heading(`largest self times (${t.name})`));
    print(table([['frame', '%'], ...b.top.map((x) => [x.frame, fmt(100 * x.share)])]));
    print(`profiles: ${t.profileDir}`);
  }
}

function analyseAgain(dirs: string[]) {
  for (const dir of dirs) {
    const windows = JSON.parse(readFileSync(path.join(dir, 'windows.json'), 'utf8')) as [number, number][];
    const b = breakdown(mainThreadProfile(dir), windows);
    print(
      heading(`${dir}: busy ${fmt(b.busyMs, 0)} ms, ${fmt((100 * b.busyMs) / b.windowMs)} % of the load's wall time`),
    );
    print(table([['area', '%'], ...b.areas.map((a) => [a.area, fmt(100 * a.share)])]));
    print(table([['frame', '%'], ...b.top.map((x) => [x.frame, fmt(100 * x.share)])]));
  }
}

if (flags.analyse) analyseAgain((flags.analyse as string).split(','));
else await main();
process.exit(0);
