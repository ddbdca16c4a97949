import { createRequire } from 'node:module';

/** A word of the text with its reading, as the morphological analyser cut it. */
export interface Morpheme {
  surface: string;
  /** Katakana; undefined when the dictionary has none (unknown words, symbols). */
  reading: string | undefined;
  /** IPADIC's part of speech (名詞, 助詞, 記号, …). */
  pos: string;
}

export type Analyser = (text: string) => Morpheme[];

interface LinderaToken {
  surface: string;
  reading?: string;
  partOfSpeech?: string;
}

/**
 * Lindera with IPADIC, compiled to WebAssembly with the dictionary inside (npm lindera-wasm-nodejs-ipadic, MIT): the
 * analyser family Meilisearch's own Japanese segmentation (charabia) uses, maintained, and offline. Loaded on first
 * use: ~0.3–0.5 s and ~90 MB; kuromoji.js was twice as fast per character but took 1.4 s and ~360 MB to load and
 * its forks are one-person ports of a project idle since 2018 (an ad-hoc probe; docs/japanese.md).
 */
export function loadAnalyser(options: AnalyserOptions = {}): Analyser {
  const key = options.stopTags?.join('|') ?? '';
  let analyser = loaded.get(key);
  if (!analyser) loaded.set(key, (analyser = build(options)));
  return analyser;
}

export interface AnalyserOptions {
  /**
   * IPADIC tags (four levels joined by commas, `*` where a level is empty) whose words the analyser drops inside the
   * WebAssembly. Turning each word into a JavaScript object is ~90% of tokenizing's cost, so a caller that discards
   * whole classes of words (the readings: particles, symbols) saves that much of it by never receiving them.
   */
  stopTags?: readonly string[];
}

// One tokenizer per set of stop tags and process: the dictionary is loaded once (~90 MB) and each further tokenizer
// adds ~5 MB; tokenize keeps no state, so the indexer and the search's marks share them.
const loaded = new Map<string, Analyser>();

function build(options: AnalyserOptions): Analyser {
  const require = createRequire(import.meta.url);
  const { TokenizerBuilder } = require('lindera-wasm-nodejs-ipadic') as typeof import('lindera-wasm-nodejs-ipadic');
  const builder = new TokenizerBuilder();
  builder.setDictionary('embedded://ipadic');
  builder.setMode('normal');
  if (options.stopTags?.length) builder.appendTokenFilter('japanese_stop_tags', { tags: [...options.stopTags] });
  const tokenizer = builder.build();
  return (text) =>
    (tokenizer.tokenize(text) as LinderaToken[]).map((t) => ({
      surface: t.surface,
      reading: t.reading && t.reading !== '*' ? t.reading : undefined,
      pos: t.partOfSpeech ?? '',
    }));
}
