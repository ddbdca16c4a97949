import type { Fold } from '../text/fold/fold.ts';
import type { ReadingQuery } from '../store/search-legs.ts';
import type { Lexicon } from '../text/lexicon/lexicon.ts';
import { extraKeywordQueries, queryTerms, type QueryTerms, type SynonymMaps } from '../text/query-terms.ts';
import { readingSearch } from './reading-search.ts';

export interface KeywordPlanOptions {
  /** The lexicon, when it applies to this query (lexiconApplies). */
  lexicon: Lexicon | null;
  /** The operator's synonyms, then the default ones. */
  synonyms?: SynonymMaps;
  fold: Fold;
  /** The index holds readings. */
  readings: boolean;
}

/** What the keyword leg sends for a query, and the terms kensaku matches it by. */
export interface KeywordPlan {
  /** The query folded as the index's text was. */
  q: string;
  /** Synonym rewrites and the Japanese forms of its Latin words, folded too. */
  also: string[];
  readingQueries: ReadingQuery[];
  /** Kana or romaji: the chunks' readings count towards coverage (search/order.ts lexicalParts). */
  byReading: boolean;
  terms: QueryTerms;
}

/** One plan for runSearch and the eval, so what is measured is what is served. */
export function planKeyword(q: string, options: KeywordPlanOptions): KeywordPlan {
  const reading = options.readings ? readingSearch(q, options.lexicon) : null;
  const terms = queryTerms(reading?.terms ?? q, options.lexicon, options.synonyms);
  return {
    q: options.fold.text(q),
    also: extraKeywordQueries(terms).map(options.fold.text),
    readingQueries: reading ? [reading.query] : [],
    byReading: reading !== null,
    terms,
  };
}
