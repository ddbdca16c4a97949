import type { fusionFunctions } from './fusion/index.ts';
import { configuredReranker, type BigramRerank, type RerankOptions } from './rerank/index.ts';
import { createHighlighter, type Highlighter } from './highlight.ts';

/** What searches are configured with (service/settings.ts resolves it from the environment). */
export interface SearchOptions {
  /** How deep each leg retrieves before fusion (at least offset + limit). */
  window: number;
  locale: string;
  /** The default fusion function. */
  fusion: keyof typeof fusionFunctions;
  /** Hybrid rescoring of the fused top chunks; depth 0 turns it off. */
  rerank: RerankOptions;
  /** The index's stop words: never highlighted in snippets. */
  stopWords: string[];
}

/** How searches are run, apart from the store and the semantic leg. */
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

export function searchSettings(options: SearchOptions): SearchSettings {
  return {
    window: options.window,
    locale: options.locale,
    fusion: options.fusion,
    reranker: configuredReranker(options.rerank),
    highlighter: createHighlighter({ stopWords: options.stopWords, cropChars: SNIPPET_CHARS }),
  };
}
