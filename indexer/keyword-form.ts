import { createFold, type Fold, type FoldRule } from '../text/fold/fold.ts';
import { loadAnalyser, type Analyser } from '../text/reading/analyser.ts';
import { readingsOf } from '../text/reading/readings.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { identifierField, identifiersIn } from '../text/identifiers.ts';

export interface KeywordFormOptions {
  /** The variant folds applied to what the keyword leg indexes (text/fold/fold.ts). */
  fold: readonly FoldRule[];
  /** Index each chunk's readings (katakana and romaji) for kana and romaji queries. */
  readings: boolean;
}

/** The fields of a chunk that the keyword leg searches: folded copies of its title, headings and text, and readings. */
export interface KeywordFields {
  foldedTitle: string;
  foldedHeadings: string[];
  text: string;
  reading?: string;
  romaji?: string;
  /** Whole forms of the identifiers in its headings and, for a code chunk, its code (text/identifiers.ts). */
  identifiers: string;
  /** Whole forms of the identifiers its prose mentions that `identifiers` lacks. */
  identifierMentions: string;
}

/** What the keyword form reads of a chunk. */
export interface KeywordSource {
  title: string;
  headingPath: string[];
  text: string;
  code?: boolean;
}

export interface KeywordForm {
  /** Changes when the fields would: part of each document's hash, so a change of form rewrites the index. */
  fingerprint: string;
  fold: Fold;
  fieldsOf(chunk: KeywordSource): KeywordFields;
  /**
   * Joins a document's hash next to `fingerprint`, only for a document that has identifiers: those are rewritten
   * once to gain their identifier fields, and every other document keeps its hash (nothing to write or embed).
   */
  documentPart(chunks: readonly KeywordSource[]): string | undefined;
}

// Bumped when readings or folding change in code, not only in configuration.
const FORM_VERSION = 2;
// A document's title and headings repeat in each of its chunks: their readings are computed once.
const HEAD_CACHE = 1024;
// Bumped when what the identifier fields hold changes; only documents with identifiers are rewritten.
const IDENTIFIER_VERSION = 1;

/** The keyword leg's view of a chunk, the same for every writer of the index. */
export function createKeywordForm(options: KeywordFormOptions): KeywordForm {
  const fold = createFold(options.fold);
  let analyser: Analyser | undefined;
  const heads = new Map<string, { reading: string; romaji: string }>();
  const read = (text: string) => readingsOf((analyser ??= loadAnalyser()), text);
  const headReadings = (head: string) => {
    let r = heads.get(head);
    if (!r) {
      if (heads.size >= HEAD_CACHE) heads.delete(heads.keys().next().value!);
      heads.set(head, (r = read(head)));
    }
    return r;
  };
  return {
    fingerprint: `v${FORM_VERSION};fold=${options.fold.join(',')};readings=${options.readings ? 'ipadic' : 'off'}`,
    fold,
    fieldsOf(chunk) {
      const foldedTitle = fold.text(normalizeForMatch(chunk.title));
      const foldedHeadings = chunk.headingPath.map((h) => fold.text(normalizeForMatch(h)));
      const text = fold.text(normalizeForMatch(chunk.text));
      const ids = identifierFields(foldedHeadings, text, chunk.code === true);
      if (!options.readings) return { foldedTitle, foldedHeadings, text, ...ids };
      const head = headReadings([foldedTitle, ...foldedHeadings].join('\n'));
      const body = read(text);
      return {
        foldedTitle,
        foldedHeadings,
        text,
        reading: unique(head.reading, body.reading),
        romaji: unique(head.romaji, body.romaji),
        ...ids,
      };
    },
    documentPart(chunks) {
      const has = chunks.some(
        (c) =>
          c.headingPath.some((h) => identifiersIn(normalizeForMatch(h)).length > 0) ||
          identifiersIn(normalizeForMatch(c.text)).length > 0,
      );
      return has ? `identifiers=v${IDENTIFIER_VERSION}` : undefined;
    },
  };
}

/** Heading and code identifiers rank a section above prose that mentions them: they go in a field searched first. */
function identifierFields(
  headings: string[],
  text: string,
  code: boolean,
): Pick<KeywordFields, 'identifiers' | 'identifierMentions'> {
  const identifiers = identifierField(code ? [...headings, text] : headings);
  const own = new Set(identifiers.split(' '));
  const mentions = code
    ? ''
    : identifierField([text])
        .split(' ')
        .filter((f) => f && !own.has(f))
        .join(' ');
  // Written empty too: Meilisearch refuses to search a field that no document has (store/search-legs.ts).
  return { identifiers, identifierMentions: mentions };
}

const unique = (a: string, b: string) => [...new Set(`${a} ${b}`.split(' ').filter(Boolean))].join(' ');
