import type { Block } from './blocks.ts';
import type { Heading } from './headings.ts';
import type { Span } from '../text/spans.ts';

/** A run of consecutive body paragraphs under the same heading path, all prose or all code. */
export interface Section {
  headingPath: string[];
  /** Anchor of the deepest open heading that has one. */
  anchor?: string;
  code?: boolean;
  paragraphs: Span[];
}

/**
 * Groups body paragraphs by heading path. A heading closes every open heading of the same or a
 * deeper level, so `(2)安全保障` after `(1)…` replaces it under `2 日米関係`. Each code block gets a section
 * of its own, so no chunk mixes code and prose or spans a fence (a chunk is one contiguous span of the text).
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
    const code = block.code === true;
    // Each code block alone: two blocks in one span would take the fences between them.
    if (!current || code || current.code === true) {
      const anchor = [...open].reverse().find((heading) => heading.anchor !== undefined)?.anchor;
      current = {
        headingPath: open.map((heading) => heading.text),
        ...(anchor !== undefined ? { anchor } : {}),
        ...(code ? { code } : {}),
        paragraphs: [],
      };
      sections.push(current);
    }
    current.paragraphs.push(block.span);
  }
  return sections;
}
