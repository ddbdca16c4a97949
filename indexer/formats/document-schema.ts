import { z } from 'zod';
import type { SourceDocument } from '../../domain/documents.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';

/**
 * The one validator of a document given as fields: a POST /documents body (api/documents) and a record of a
 * .json/.jsonl file (record.ts) pass the same rules, so a record the API refuses is refused in a file too.
 * Here rather than in api/ because indexer/ sits below api/; not in domain/, which imports no package.
 */
export const DOCUMENT_LIMITS = { idChars: 512, titleChars: 1000, sourceChars: 1000, tags: 100, tagChars: 200 } as const;

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
/** A wrong type says what it got: `id: must be a string, not number`; other checks keep their own message. */
const typed = (expected: string) => (issue: { code?: string; input?: unknown }) =>
  issue.code !== 'invalid_type'
    ? undefined
    : issue.input === undefined
      ? 'required'
      : `must be ${expected}, not ${kind(issue.input)}`;
const string = () => z.string({ error: typed('a string') });
const atMost = (n: number) => `at most ${n} characters`;
// Not `abort`: a union (the API's body) reports an option's issues only when they did not abort it.
const filled = (s: z.ZodString) =>
  s
    .min(1, 'must not be empty')
    .refine((v) => /\S/.test(v), { error: 'must not be blank', when: (p) => p.issues.length === 0 });

/** Each field's rule, for the schemas that carry them in another shape (the API's base64 file upload). */
export const documentFields = {
  id: filled(string().max(DOCUMENT_LIMITS.idChars, atMost(DOCUMENT_LIMITS.idChars))),
  title: string().max(DOCUMENT_LIMITS.titleChars, atMost(DOCUMENT_LIMITS.titleChars)),
  text: filled(string()),
  url: string().url('must be an absolute URL'),
  source: string().max(DOCUMENT_LIMITS.sourceChars, atMost(DOCUMENT_LIMITS.sourceChars)),
  tags: z
    .array(string().max(DOCUMENT_LIMITS.tagChars, atMost(DOCUMENT_LIMITS.tagChars)), {
      error: typed('an array of strings'),
    })
    .max(DOCUMENT_LIMITS.tags, `at most ${DOCUMENT_LIMITS.tags} tags`),
};

export const documentSchema = z.object({
  id: documentFields.id,
  title: documentFields.title.default(''),
  text: documentFields.text,
  url: documentFields.url.optional(),
  source: documentFields.source.optional(),
  tags: documentFields.tags.optional(),
});

/** True when A and B are the same type (optional and readonly count). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
/** The schema validates into SourceDocument's fields: `npx tsc --noEmit` fails here when a type or optionality differs. */
export type DocumentSchemaMatchesSourceDocument = Holds<
  Same<z.output<typeof documentSchema>, Pick<SourceDocument, 'id' | 'title' | 'text' | 'url' | 'source' | 'tags'>>
>;

/** `id: must be a string, not number; tags.0: at most 200 characters`; `names` renames fields (a file's own field names). */
export function describeIssues(error: z.ZodError, names: Record<string, string> = {}): string {
  return error.issues
    .map((issue) => {
      const [first, ...rest] = issue.path.map(String);
      const path = first === undefined ? '' : [names[first] ?? first, ...rest].join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Validates one document. `where` prefixes the message (`docs.jsonl line 3`) so a refused record can be found;
 * unknown fields are dropped. Refused: KensakuError('invalid_document').
 */
export function validateDocument(input: unknown, where?: string, names?: Record<string, string>): SourceDocument {
  const parsed = documentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error, names);
  throw new KensakuError('invalid_document', where ? `${where}: ${issues}` : issues);
}
