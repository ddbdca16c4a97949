import type { Chunk } from '../domain/documents.ts';
import { normalizeForMatch } from '../text/normalize.ts';

/**
 * How much of a code chunk the model reads, after its title, headings and lead (the prose line before the block).
 * Code is searched by the keyword leg in full. For the model, short code is a hub (a lone `return url + filename`
 * sits close to every query), so what it reads is mostly the words that say what the code is for, plus the opening
 * of the code (imports, the option being set) that names it. Measured on vite-docs-ja (tools/eval/vite-docs.ts
 * --embed-code): see indexer/README.md.
 */
export const CODE_EMBED_CHARS = 200;

/**
 * The text that gets embedded for a chunk: `title\nheading > path\ntext`, NFKC-normalised.
 * Title and headings give a short paragraph (`(イ)岸田大臣より,…`) the topic it never names.
 * A leading heading equal to the title (Markdown `# Title`) is not repeated.
 * Kept in one function so what is embedded can be tuned in one place; the model's own prefix
 * (e5 `passage: `) is the embedder's business, not added here.
 */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'headingPath' | 'text' | 'code' | 'lead'>): string {
  const headings = chunk.headingPath[0] === chunk.title ? chunk.headingPath.slice(1) : chunk.headingPath;
  const text = chunk.code ? headOf(chunk.text, CODE_EMBED_CHARS) : chunk.text;
  const parts = [chunk.title, headings.join(' > '), chunk.code ? (chunk.lead ?? '') : '', text].filter(
    (part) => part.length > 0,
  );
  return normalizeForMatch(parts.join('\n'));
}

/** The first chars of a text, never half a surrogate pair. */
function headOf(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const code = text.charCodeAt(chars - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? chars - 1 : chars);
}
