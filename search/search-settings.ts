import type { Config } from '../config/index.ts';
import { stopWordsFor } from '../store/stop-words.ts';
import type { fusionFunctions } from './fusion/index.ts';
import { configuredReranker, type BigramRerank } from './rerank/index.ts';
import { createHighlighter, type Highlighter } from './highlight.ts';

/** How searches are run, apart from the store and the semantic leg: one place turns config into it. */
export interface SearchSettings {
  /** How deep each leg retrieves before fusion (at least offset + limit). */
  window: number;
  locale: string;
  fusion: keyof typeof fusionFunctions;
  /** Rescores the fused top chunks in hybrid mode; null turns it off. */
  reranker: BigramRerank | null;
  highlighter: Highlighter;
}

/** Meilisearch's crop of 80 words came to about this many characters of Japanese. */
const SNIPPET_CHARS = 120;

export function searchSettings(config: Config): SearchSettings {
  return {
    window: config.SEARCH_WINDOW,
    locale: config.INDEX_LOCALE,
    fusion: config.FUSION,
    reranker: configuredReranker(config),
    highlighter: createHighlighter({ stopWords: stopWordsFor(config.STOP_WORDS), cropChars: SNIPPET_CHARS }),
  };
}
