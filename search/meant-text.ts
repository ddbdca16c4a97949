import type { LegHit } from '../store/search-legs.ts';
import type { KeywordPlan } from './keyword-plan.ts';
import type { Highlighter } from './highlight.ts';

// The keyword leg's best hits say how the words are written; further down they read as the query less surely.
const READ_FROM = 10;

/**
 * What a kana or romaji query means, written as the index writes it, for the semantic leg to embed instead of the
 * kana (にちべいどうめい → 日米同盟, ふてんま → 普天間, でぷろい → デプロイ): the model reads kana typed before IME
 * conversion, or romaji, as noise, and its hits then outweigh the keyword leg's exact reading match in fusion. Each
 * word is written as the best keyword hit that writes it does (text/reading/written-forms.ts); a word no hit writes
 * stays as sent to the readings (katakana, which the model reads as the loanword it usually is). Null for any other
 * query, which is embedded as typed.
 */
export function meantText(
  plan: Pick<KeywordPlan, 'byReading' | 'readingQueries'>,
  keywordHits: readonly LegHit[],
  highlighter: Pick<Highlighter, 'writtenForms'>,
): string | null {
  const reading = plan.readingQueries[0];
  if (!plan.byReading || !reading) return null;
  const { words } = highlighter.writtenForms(
    keywordHits.slice(0, READ_FROM).map((h) => h.chunk),
    reading,
  );
  const romaji = !reading.on.includes('reading');
  if (romaji && words.every((w) => !w.written.length)) return null;
  return words.map((w) => w.written[0] ?? w.typed).join(romaji ? ' ' : '');
}
