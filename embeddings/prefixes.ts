import type { Prefixes } from './types.ts';

const none: Prefixes = { query: '', passage: '' };

// Families trained with instruction prefixes; without them retrieval quality drops noticeably.
const families: Array<{ test: RegExp; prefixes: Prefixes }> = [
  { test: /(^|\/)(multilingual-)?e5-/i, prefixes: { query: 'query: ', passage: 'passage: ' } },
];

/** Prefixes a model expects, by name; unknown models get none. */
export function prefixesFor(modelId: string): Prefixes {
  return families.find((f) => f.test.test(modelId))?.prefixes ?? none;
}
