import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Chunk } from '../../../domain/documents.ts';
import { stopWordsFor } from '../../../text/stop-words.ts';
import { buildIndex, collectLegs } from '../harness.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** What is embedded for a chunk (indexer/embedding-text.ts): a new index per variant. */
export async function embedSweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, window, def, log, mean, section } = ctx;
  const variants: [string, ((c: Chunk) => string) | undefined][] = [
    ['title\\nheadings\\ntext (shipped)', undefined],
    [
      'title: text',
      (c) =>
        normalizeForMatch(
          `${c.title}: ${[c.headingPath.filter((h) => h !== c.title).join(' > '), c.text].filter(Boolean).join('\n')}`,
        ),
    ],
    ['text only', (c) => normalizeForMatch(c.text)],
  ];
  const rows: SweepRow[] = [];
  for (const [name, embedText] of variants) {
    log(`sweep: embedded text ${name}…`);
    const legs = embedText
      ? await (async () => {
          const idx = await buildIndex(env, set, {
            label: name,
            maxChars: env.config.CHUNK_MAX_CHARS,
            stopWords: stopWordsFor(env.config.STOP_WORDS),
            vectors: true,
            embedText,
          });
          return collectLegs(env, idx.store, set.queries, { window });
        })()
      : state.legs;
    rows.push({ name: `semantic, ${name}`, metrics: mean(legs, 'semantic', def, 1) });
    rows.push({
      name: `hybrid ${def.name} ${def.defaultWeight}, ${name}`,
      metrics: mean(legs, 'hybrid', def, def.defaultWeight),
    });
  }
  section('embed', 'embedded text (indexer/embedding-text.ts; new index per variant)', rows);
}
