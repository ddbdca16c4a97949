import { createKeywordForm } from '../../indexer/keyword-form.ts';
import { FOLD_RULES } from '../../domain/fold-rules.ts';

/** Every fold, no readings: the keyword form of tests that write chunks themselves and do not search by reading. */
export const foldOnly = createKeywordForm({ fold: [...FOLD_RULES], readings: false });
