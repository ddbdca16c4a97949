import GithubSlugger from 'github-slugger';

/**
 * Which site generator's heading ids a Markdown page's anchors follow (a heading without an explicit `{#id}`):
 * - `vitepress`: VitePress (and VuePress 2, through @mdit-vue's slugify): NFKD, combining accents U+0300–U+036F
 *   removed, control characters removed, each run of whitespace or ASCII punctuation → `-`, `-` trimmed at both
 *   ends, a leading digit prefixed with `_`, lower case. Kana keep their decomposed (NFKD) voicing marks, as the
 *   built page's ids do. A repeated slug gets `-1`, `-2`… (markdown-it-anchor).
 * - `github`: GitHub's README anchors, also Docusaurus, Astro Starlight and rehype-slug (github-slugger).
 */
export type SluggerKind = 'vitepress' | 'github';

export const SLUGGER_KINDS: readonly SluggerKind[] = ['vitepress', 'github'];

// The RULE of @mdit-vue/shared's slugify (MIT), restated.
const CONTROL = /[\u0000-\u001f]/g;
const SPECIAL = /[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g;
const COMBINING = /[\u0300-\u036f]/g;

export function vitepressSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(CONTROL, '')
    .replace(SPECIAL, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

/**
 * One page's anchors: `anchor(text, explicit)` gives the explicit id when there is one, else the generator's slug,
 * made unique within the page the way that generator does.
 */
export function createSlugger(kind: SluggerKind): (text: string, explicit?: string) => string {
  if (kind === 'github') {
    const slugger = new GithubSlugger();
    return (text, explicit) => explicit ?? slugger.slug(text);
  }
  const used = new Set<string>();
  return (text, explicit) => {
    const slug = explicit ?? vitepressSlug(text);
    let unique = slug;
    for (let i = 1; used.has(unique); i++) unique = `${slug}-${i}`;
    used.add(unique);
    return unique;
  };
}
