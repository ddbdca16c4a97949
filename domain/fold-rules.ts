/** The spelling-variant folds kensaku knows (text/fold/fold.ts says what each does). */
export const FOLD_RULES = ['itaiji', 'vu', 'long-vowel', 'kana'] as const;
export type FoldRule = (typeof FOLD_RULES)[number];
