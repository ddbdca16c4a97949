import type { Fold } from '../text/fold/fold.ts';
import type { ReadingQuery } from '../store/search-legs.ts';
import type { Lexicon } from '../text/lexicon/lexicon.ts';
import { extraKeywordQueries, queryTerms, type QueryTerms, type SynonymMaps } from '../text/query-terms.ts';
import { readingSearch } from './reading-search.ts';
import type { ReadingVocabularies } from '../text/reading/vocabulary.ts';
import { withIdentifierForms } from '../text/identifiers.ts';

export interface KeywordPlanOptions {
  /** The lexicon, when it applies to this query (lexiconApplies). */
  lexicon: Lexicon | null;
  /** The operator's synonyms, then the default ones. */
  synonyms?: SynonymMaps;
  fold: Fold;
  /** The index holds readings. */
  readings: boolean;
  /** Whether the lexicon may translate a Latin word or phrase (the index's own words stay: keyword-plan-in-index.ts). */
  translate?: (from: string) => boolean;
  /** The index's reading words, which cut a kana or romaji phrase typed without spaces (keyword-plan-in-index.ts). */
  vocabulary?: ReadingVocabularies | null;
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

/**
 * Identifiers are searched by their one-word forms (`v-if` → `vif`, text/identifiers.ts), which the index holds
 * whole: Meilisearch would split `v-if` into `v` and `if` and match any chunk with both.
 */
const whole = withIdentifierForms;

/** One plan for runSearch and the eval, so what is measured is what is served. */
export function planKeyword(q: string, options: KeywordPlanOptions): KeywordPlan {
  const reading = options.readings ? readingSearch(q, options.lexicon, options.vocabulary) : null;
  const terms = queryTerms(reading?.terms ?? q, options.lexicon, options.synonyms, options.translate);
  return {
    q: whole(options.fold.text(q)),
    also: [...new Set([...extraKeywordQueries(terms), ...(reading?.text ? [reading.text] : [])])].map((x) =>
      whole(options.fold.text(x)),
    ),
    readingQueries: reading ? [reading.query] : [],
    byReading: reading !== null,
    terms,
  };
}
