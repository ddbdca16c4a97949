import type { fusionFunctions } from './fusion/index.ts';
import { configuredReranker, type Reranker, type RerankOptions } from './rerank/index.ts';
import { createHighlighter, type Highlighter } from './highlight.ts';
import { createChunkTermsCache, type ChunkParts, type ChunkTerms } from './lexical/chunk-terms.ts';
import type { Lexicon } from '../text/lexicon/lexicon.ts';
import { loadSudachiLexicon } from '../text/lexicon/sudachi-lexicon.ts';
import { loadSudachiVariants } from '../text/lexicon/sudachi-variants.ts';
import { createFold, type Fold, type FoldRule } from '../text/fold/fold.ts';
import { createResponseCache, type ResponseCache } from './response-cache.ts';

/** What searches are configured with (service/settings.ts resolves it from the environment). */
export interface SearchOptions {
  /** How deep each leg retrieves before fusion (at least offset + limit). */
  window: number;
  locale: string;
  /** The default fusion function. */
  fusion: keyof typeof fusionFunctions;
  /** Hybrid rescoring of the fused top chunks; depth 0 turns it off. */
  rerank: RerankOptions;
  /** Hybrid: the relevance floor's ratio of the top score (relevance-floor.ts); 0 turns it off. */
  floor: number;
  /** Japanese forms for Latin query words on a Japanese index. */
  lexicon: 'sudachi' | 'none';
  /** The index's stop words: never highlighted in snippets. */
  stopWords: string[];
  /** The variant folds of the index (KeywordFormOptions.fold): applied to each keyword query. */
  fold: readonly FoldRule[];
  /** Whether the index holds readings: kana and romaji queries then search them too. */
  readings: boolean;
  /** Synonyms applied with the operator's: Sudachi's spellings and abbreviations of each word, or none. */
  defaultSynonyms: 'sudachi' | 'none';
  /** Whole responses of repeated searches kept, in MB of memory they hold (compressed); 0 keeps none. */
  cacheMb: number;
}

/** How searches are run, apart from the store and the semantic leg. */
export interface SearchSettings {
  /** How deep each leg retrieves before fusion (at least offset + limit). */
  window: number;
  locale: string;
  fusion: keyof typeof fusionFunctions;
  /** Rescores the fused top chunks in hybrid mode; null turns it off. */
  reranker: Reranker | null;
  /** The relevance floor's ratio when a request sets none (relevance-floor.ts); 0 turns it off. */
  floor: number;
  /** Loaded once, on the first query that has Latin words (it takes ~0.3 s and ~50 MB); null turns it off. */
  lexicon: (() => Promise<Lexicon>) | null;
  highlighter: Highlighter;
  /** Chunk terms across searches (search/lexical/chunk-terms.ts). */
  chunkTerms: (key: string, parts: ChunkParts) => ChunkTerms;
  /** Folds keyword queries as the index's text was folded. */
  fold: Fold;
  readings: boolean;
  /** Loaded once, on the first search (~0.6 s, ~16k keys); null turns them off. */
  defaultSynonyms: (() => Promise<Record<string, string[]>>) | null;
  /** Repeated searches answered whole while the data is unchanged (search/response-cache.ts); null computes each. */
  responseCache: ResponseCache | null;
}

/** Chunks whose terms are kept: 6.5 KB each for JSQuAD's 177-character paragraphs, ~15 KB at 400 characters, so ≤ ~60 MB. */
const CHUNK_TERMS_CACHE = 4096;

/** Meilisearch's crop of 80 words came to about this many characters of Japanese. */
const SNIPPET_CHARS = 120;

export function searchSettings(options: SearchOptions): SearchSettings {
  return {
    window: options.window,
    locale: options.locale,
    fusion: options.fusion,
    reranker: configuredReranker(options.rerank),
    floor: options.floor,
    lexicon: options.lexicon === 'sudachi' ? once(loadSudachiLexicon) : null,
    highlighter: createHighlighter({ stopWords: options.stopWords, cropChars: SNIPPET_CHARS }),
    chunkTerms: createChunkTermsCache(CHUNK_TERMS_CACHE),
    fold: createFold(options.fold),
    readings: options.readings,
    defaultSynonyms: options.defaultSynonyms === 'sudachi' ? once(loadSudachiVariants) : null,
    responseCache: options.cacheMb > 0 ? createResponseCache({ maxBytes: options.cacheMb * 1_000_000 }) : null,
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () =>
    (promise ??= load().catch((err) => {
      promise = undefined;
      throw err;
    }));
}
