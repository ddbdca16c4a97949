import type { Chunk } from '../domain/documents.ts';
import { normalizeForMatch } from '../text/normalize.ts';

/**
 * The text that gets embedded for a chunk: `title\nheading > path\ntext`, NFKC-normalised.
 * Title and headings give a short paragraph (`(イ)岸田大臣より,…`) the topic it never names.
 * A leading heading equal to the title (Markdown `# Title`) is not repeated.
 * Kept in one function so what is embedded can be tuned in one place; the model's own prefix
 * (e5 `passage: `) is the embedder's business, not added here.
 */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'headingPath' | 'text'>): string {
  const headings = chunk.headingPath[0] === chunk.title ? chunk.headingPath.slice(1) : chunk.headingPath;
  const parts = [chunk.title, headings.join(' > '), chunk.text].filter((part) => part.length > 0);
  return normalizeForMatch(parts.join('\n'));
}
