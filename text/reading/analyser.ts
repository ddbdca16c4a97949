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
export function loadAnalyser(): Analyser {
  loaded ??= build();
  return loaded;
}

// One tokenizer per process (it holds ~90 MB): the indexer and the search's marks share it; tokenize keeps no state.
let loaded: Analyser | undefined;

function build(): Analyser {
  const require = createRequire(import.meta.url);
  const { TokenizerBuilder } = require('lindera-wasm-nodejs-ipadic') as typeof import('lindera-wasm-nodejs-ipadic');
  const builder = new TokenizerBuilder();
  builder.setDictionary('embedded://ipadic');
  builder.setMode('normal');
  const tokenizer = builder.build();
  return (text) =>
    (tokenizer.tokenize(text) as LinderaToken[]).map((t) => ({
      surface: t.surface,
      reading: t.reading && t.reading !== '*' ? t.reading : undefined,
      pos: t.partOfSpeech ?? '',
    }));
}
