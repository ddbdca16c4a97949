/** Where a suggestion comes from. */
export type SuggestionSource = 'query' | 'title' | 'heading' | 'term' | 'synonym';

/** One completion of what was typed. */
export interface Suggestion {
  /** As written in the documents (or as the query was searched): what a search box puts in the field. */
  text: string;
  source: SuggestionSource;
  /**
   * The text HTML-escaped, with the typed prefix in <mark>, when the prefix is the text's own start; absent when it
   * matched the text's reading (ふて → 普天間) or a variant spelling, where no characters of the text were typed.
   */
  highlighted?: string;
}

/** GET /suggest's answer. */
export interface SuggestResponse {
  /** The prefix as received (trimmed). */
  query: string;
  suggestions: Suggestion[];
  /** Set when a source could not be read ('queries': the analytics store): the suggestions are from the rest. */
  degraded?: { source: 'queries'; error: string }[];
}

/** A query people searched that found something, with how often. */
export interface PopularQuery {
  query: string;
  searches: number;
}

/**
 * The popular queries of one analytics key (`key:<id>`, `search-key`, `anonymous`, `admin`): what the analytics
 * store can answer. Only that key's own searches, so a scoped key's suggestions never show another site's queries.
 */
export type PopularQueries = (key: string) => Promise<PopularQuery[]>;
