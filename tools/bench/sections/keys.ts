// keys: what a scoped key costs a search, against the SEARCH_KEY, side by side on one `kensaku serve`: hybrid p50/p95
// for the same JSQuAD questions at c=1 and c=8. The scoped key has a filter (ANDed as Meilisearch's filter array)
// and a rate limit high enough never to refuse.
import { heading } from '../../lib/format.ts';
import { print } from '../../lib/log.ts';
import { BENCH_SEARCH_KEY, startKeyedJsquadServer } from '../../lib/keyed-server.ts';
import { twoArmLatency } from '../../lib/two-arms.ts';

type Arm = 'search-key' | 'scoped';
const ARMS = ['search-key', 'scoped'] as const;

export async function keysSection(quick: boolean, docsLimit: number | undefined) {
  const keyed = await startKeyedJsquadServer('keys', docsLimit);
  const { server } = keyed;
  try {
    const auth: Record<Arm, string> = { 'search-key': BENCH_SEARCH_KEY, scoped: keyed.scopedKey };
    const measured = await twoArmLatency({
      arms: ARMS,
      labels: { 'search-key': 'search key', scoped: 'scoped' },
      quick,
      name: 'keys',
      target: (arm) => ({ base: server.base, headers: { authorization: `Bearer ${auth[arm]}` } }),
    });
    print(heading('keys: a scoped key (filter + rate limit) against SEARCH_KEY, one server, side by side'));
    print(measured.table);
    return { latency: measured.latency };
  } finally {
    await keyed.stop();
  }
}
