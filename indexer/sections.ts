import type { Block } from './blocks.ts';
import type { Heading } from './headings.ts';
import type { Span } from '../text/spans.ts';

/** A run of consecutive body paragraphs under the same heading path. */
export interface Section {
  headingPath: string[];
  paragraphs: Span[];
}

/**
 * Groups body paragraphs by heading path. A heading closes every open heading of the same or a
 * deeper level, so `(2)安全保障` after `(1)…` replaces it under `2 日米関係`.
 */
export function groupSections(blocks: Block[]): Section[] {
  const sections: Section[] = [];
  const open: Heading[] = [];
  let current: Section | undefined;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (open.length > 0 && open[open.length - 1].level >= block.heading.level) open.pop();
      open.push(block.heading);
      current = undefined;
      continue;
    }
    if (!current) {
      current = { headingPath: open.map((heading) => heading.text), paragraphs: [] };
      sections.push(current);
    }
    current.paragraphs.push(block.span);
  }
  return sections;
}
