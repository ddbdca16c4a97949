/**
 * Identifiers in text and queries: `v-if`, `server.proxy`, `import.meta.env`, `VITE_API_URL`, `defineProps`.
 *
 * Meilisearch 1.21 (charabia, locale jpn) splits a word at `-`, `.` and `_`, so `v-if` is indexed as `v` and `if`
 * and a query `v-if` matches any chunk holding both words; camelCase stays one word (`defineProps` → `defineprops`),
 * and so does a word of letters and digits (`es2015`). A phrase query (`"v-if"`) is no cure: it misses `v-if="ok"`
 * and `defineProps<…>` in code. So each identifier also gets a whole form, lowercase with its separators dropped
 * (`v-if` → `vif`), which charabia keeps as one word: the index holds these forms with a chunk's headings (those of
 * its headings and code) or its text (those its prose mentions), and a query's identifiers are searched by them.
 */

// A chain of segments joined by `-`, `.` or `_`, not continuing a longer chain (`.env`, `--port` are no chains).
// After a `.` a segment starts with a letter, so version numbers (`v2.0`) are no member chains.
const CHAIN = /(?<![\w$.-])[A-Za-z_$][\w$]*(?:(?:-[\w$]+)|(?:\.[A-Za-z_$][\w$]*))*/g;
// lowerCamel: an API name. PascalCase (`TypeScript`, `GitHub`) is mostly product names and stays a plain word.
const LOWER_CAMEL = /^[a-z][a-z0-9]*[A-Z]/;
// Member chains longer than this keep their sub-chains up to it: forms stay few per identifier.
const MAX_SEGMENTS = 6;

/** The identifiers of a text as written, in order, each once: chains joined by `-`, `.` or `_`, and lowerCamel words. */
export function identifiersIn(text: string): string[] {
  const found = new Set<string>();
  for (const [match] of text.matchAll(CHAIN)) {
    const id = match.replace(/^[_$]+|[_$]+$/g, '');
    if (isIdentifier(id)) found.add(id);
  }
  return [...found];
}

/** A word that charabia would not keep whole (it has a separator inside), or a lowerCamel API name. */
export function isIdentifier(word: string): boolean {
  return parts(word).length > 1 || LOWER_CAMEL.test(word);
}

/** The one-word form an identifier is indexed and searched by: lowercase, separators dropped (`server.proxy` → `serverproxy`). */
export function identifierForm(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The forms an identifier is found by: itself, each contiguous run of two or more of its member segments (so
 * `hot.invalidate` finds `import.meta.hot.invalidate`), and each segment that is an identifier itself.
 */
export function identifierForms(id: string): string[] {
  const segments = id.split('.').filter(Boolean);
  const forms = new Set([identifierForm(id)]);
  const n = segments.length;
  for (let i = 0; i < n; i++) {
    if (isIdentifier(segments[i])) forms.add(identifierForm(segments[i]));
    for (let j = i + 2; j <= Math.min(n, i + MAX_SEGMENTS); j++)
      forms.add(identifierForm(segments.slice(i, j).join('.')));
  }
  forms.delete('');
  return [...forms];
}

/** The forms of every identifier in the texts, each once, space-separated ('' when there is none). */
export function identifierField(texts: readonly string[]): string {
  const forms = new Set<string>();
  for (const text of texts) for (const id of identifiersIn(text)) for (const f of identifierForms(id)) forms.add(f);
  return [...forms].join(' ');
}

/** The query with each identifier replaced by its form: `v-if の使い方` → `vif の使い方`. */
export function withIdentifierForms(query: string): string {
  return query.replace(CHAIN, (match) => {
    const id = match.replace(/^[_$]+|[_$]+$/g, '');
    return isIdentifier(id) ? match.replace(id, identifierForm(id)) : match;
  });
}

const parts = (word: string) => word.split(/[-._$]+/).filter(Boolean);
