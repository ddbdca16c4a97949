// Where the pipeline's CPU goes beside the model: the JSQuAD paragraphs through indexDocuments with a no-op store (the
// `e2e-no-meili` row of `npm run bench:embed`) in this process, and each thread's CPU seconds from /proc. The model
// workers are the two busiest threads; the rest is what end to end adds that raw onnxruntime never spends.
//
//   node --import tsx tools/bench/embed-threads.ts [--limit N]
import { intFlag, parseFlags } from '../lib/args.ts';
import { fmt, heading, table } from '../lib/format.ts';
import { loadParagraphs, passagesOf, toDocuments } from '../lib/jsquad.ts';
import { print } from '../lib/log.ts';
import { threadCpuSeconds } from '../lib/proc.ts';
import { makeRounds } from './embed/rounds.ts';
import { e2eNoMeiliVariant } from './embed/variants/e2e.ts';

const flags = parseFlags(process.argv.slice(2), { limit: { type: 'string' } });
const limit = flags.limit === undefined ? undefined : intFlag(flags.limit, 0, 'limit');

const passages = passagesOf(toDocuments(loadParagraphs(limit)));
const [round] = makeRounds(passages, 1);
const variant = await e2eNoMeiliVariant();
try {
  const before = threadCpuSeconds(process.pid);
  const started = performance.now();
  const m = await variant.run(round, 0); // no vectors kept: no cosine checks here
  const seconds = (performance.now() - started) / 1000;
  const used = [...threadCpuSeconds(process.pid)]
    .map(([tid, cpu]) => ({ tid, cpu: cpu - (before.get(tid) ?? 0), main: tid === String(process.pid) }))
    .filter((t) => t.cpu > 0)
    .sort((a, b) => b.cpu - a.cpu);
  const model = used.filter((t) => !t.main).slice(0, 2);
  const rest = used.filter((t) => !model.includes(t));
  const preparer = rest.find((t) => !t.main)?.cpu ?? 0;
  const sum = (ts: typeof used) => ts.reduce((s, t) => s + t.cpu, 0);
  print(heading(`pipeline without Meilisearch: ${m.passages} passages in ${fmt(seconds, 1)} s, CPU by thread`));
  const rows = [['thread', 'CPU s', 'ms a passage']];
  const row = (name: string, cpu: number) => rows.push([name, fmt(cpu, 2), fmt((1000 * cpu) / m.passages, 2)]);
  for (const t of model) row(`model worker ${t.tid}`, t.cpu);
  row('main thread', sum(rest.filter((t) => t.main)));
  row('busiest other thread (the preparing worker, by its CPU)', preparer);
  row('all other threads (V8 and libuv helpers)', sum(rest.filter((t) => !t.main)) - preparer);
  print(table(rows, (c) => c > 0));
  print(`beside the model: ${fmt((100 * sum(rest)) / sum(model), 1)}% of the model workers' CPU`);
  print(
    "the preparing worker starts with the run: its analyser's load (~0.3–0.5 s) counts in its CPU, as in a real index run",
  );
} finally {
  await variant.close();
}
