import { createFold, type Fold, type FoldRule } from '../text/fold/fold.ts';
import type { Analyser } from '../text/reading/analyser.ts';
import { loadReadingsAnalyser, readingsOf } from '../text/reading/readings.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { identifierField, identifiersIn } from '../text/identifiers.ts';

export interface KeywordFormOptions {
  /** The variant folds applied to what the keyword leg indexes (text/fold/fold.ts). */
  fold: readonly FoldRule[];
  /** Index each chunk's readings (katakana and romaji) for kana and romaji queries. */
  readings: boolean;
}

/**
 * The fields of a chunk that the keyword leg searches: folded copies of its title, headings and text, and readings.
 * Identifiers join them as whole forms (text/identifiers.ts): those of its headings and code as one more heading,
 * those its prose mentions at the end of its text. No field of their own: another searchable attribute shifts
 * Meilisearch's attribute scores of every hit, and with them how a query's keyword searches merge and fuse.
 */
export interface KeywordFields {
  foldedTitle: string;
  foldedHeadings: string[];
  text: string;
  reading?: string;
  romaji?: string;
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
  const read = (text: string) => readingsOf((analyser ??= loadReadingsAnalyser()), text);
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
      const folded = fold.text(normalizeForMatch(chunk.text));
      const ids = identifierForms(foldedHeadings, folded, chunk.code === true);
      // Readings are of the chunk's own words, not of the forms added below.
      const headings = ids.head ? [...foldedHeadings, ids.head] : foldedHeadings;
      const text = ids.mentions ? `${folded}\n${ids.mentions}` : folded;
      if (!options.readings) return { foldedTitle, foldedHeadings: headings, text };
      const head = headReadings([foldedTitle, ...foldedHeadings].join('\n'));
      const body = read(folded);
      return {
        foldedTitle,
        foldedHeadings: headings,
        text,
        reading: unique(head.reading, body.reading),
        romaji: unique(head.romaji, body.romaji),
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

/**
 * Heading and code identifiers go with the headings, which Meilisearch ranks above the text (attribute rank), so
 * such a section outranks prose that only mentions them; a mention already among them is not repeated.
 */
function identifierForms(headings: string[], text: string, code: boolean): { head: string; mentions: string } {
  const head = identifierField(code ? [...headings, text] : headings);
  const own = new Set(head.split(' '));
  const mentions = code
    ? ''
    : identifierField([text])
        .split(' ')
        .filter((f) => f && !own.has(f))
        .join(' ');
  return { head, mentions };
}

const unique = (a: string, b: string) => [...new Set(`${a} ${b}`.split(' ').filter(Boolean))].join(' ');
