import { prefixCount, type ReadingVocabulary } from './vocabulary.ts';

// A word still being typed is looked up as a prefix from two characters: one would start half the vocabulary.
const MIN_PREFIX = 2;

/**
 * Cuts a reading typed without spaces (ニチベイドウメイ, nichibeidomei) into the index's reading words (ニチ ベイ
 * ドウメイ): the most probable cut under a unigram model of the vocabulary (dynamic programming over the string). A
 * word's probability is its count over the total; a piece the index lacks is an unseen word (its share, then one over
 * the alphabet per character), so a katakana word IPADIC does not know (デプロイ) stays whole rather than falling
 * into short words (デ プロ イ). The last piece may be a prefix of a word (typed as one goes: ニチベイドウメ).
 * The morphological analyser cannot do this: IPADIC looks words up by their written form, so it cuts
 * にちべいどうめい into particles and verbs (に ち べ い どう めい).
 */
export function segmentReading(typed: string, v: ReadingVocabulary): string[] {
  const chars = [...typed];
  const n = chars.length;
  if (n < 2 || v.total === 0) return [typed];
  const logP = (count: number) => Math.log(count / v.total);
  // best[j]: the log-probability of the best cut of the first j characters; from[j]: where its last piece starts.
  const best = new Array<number>(n + 1).fill(Number.NEGATIVE_INFINITY);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Number.NEGATIVE_INFINITY) continue;
    const relax = (j: number, score: number) => {
      if (score > best[j]) {
        best[j] = score;
        from[j] = i;
      }
    };
    let piece = '';
    for (let j = i + 1; j <= n; j++) {
      piece += chars[j - 1];
      relax(j, best[i] + v.unseen.logShare + (j - i) * v.unseen.logPerChar);
      if (j - i > v.longest) continue;
      const count = v.counts.get(piece);
      if (count) relax(j, best[i] + logP(count));
      else if (j === n && j - i >= MIN_PREFIX) {
        const started = prefixCount(v, piece);
        if (started) relax(j, best[i] + logP(started));
      }
    }
  }
  const words: string[] = [];
  for (let j = n; j > 0; j = from[j]) words.push(chars.slice(from[j], j).join(''));
  return words.reverse();
}
