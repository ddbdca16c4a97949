// Builds itaiji.json, the old and variant kanji forms folded to their common form, from the kyūjitai table of the npm
// package kyujitai (MIT, a dev dependency) and the Unicode Character Database's Unihan files (Debian's unicode-data
// package: `apt-get download unicode-data && dpkg -x unicode-data*.deb x`):
//   node --import tsx text/fold/build-itaiji.ts x/usr/share/unicode
// Not run by the build: the table is committed, and rebuilt when Unicode's data is updated.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: build-itaiji.ts <folder with Unihan_*.txt.bz2>');

const fields = new Map<string, Map<string, string>>(); // field → char → value
for (const file of readdirSync(dir).filter((f) => /^Unihan_.*\.txt\.bz2$/.test(f))) {
  const text = execFileSync('bzcat', [path.join(dir, file)], { maxBuffer: 1 << 30 }).toString('utf8');
  for (const line of text.split('\n')) {
    const [cp, field, value] = line.split('\t');
    if (!cp?.startsWith('U+') || !value) continue;
    if (!fields.has(field)) fields.set(field, new Map());
    fields.get(field)!.set(char(cp), value);
  }
}
function char(cp: string): string {
  return String.fromCodePoint(parseInt(cp.slice(2), 16));
}
const codes = (value: string) => [...value.matchAll(/U\+[0-9A-F]+/g)].map((m) => char(m[0]));

const joyo = fields.get('kJoyoKanji')!;
const jinmei = fields.get('kJinmeiyoKanji')!;
const semantic = fields.get('kSemanticVariant')!;
// The forms in use: Jōyō kanji and the Jinmeiyō kanji listed in their own right (not as another's old form).
const standard = new Set([...joyo].filter(([, v]) => !v.includes('U+')).map(([c]) => c));
for (const [c, v] of jinmei) if (!v.includes('U+')) standard.add(c);

const fold = new Map<string, string>();
const source = new Map<string, string>();
const add = (from: string, to: string, why: string) => {
  if (from === to || fold.has(from) || standard.has(from) || blocked.has(from)) return;
  fold.set(from, to);
  source.set(from, why);
};
// 0. Kyūjitai → shinjitai, Japanese pairs (齋 → 斎, 澤 → 沢, 邊 → 辺). A kanji it lists as its own old form (愈, with
// a variation selector) is blocked: the Unihan rules below would fold it into another word.
const require = createRequire(import.meta.url);
const kyujitai = JSON.parse(readFileSync(require.resolve('kyujitai/data/kyujitai.json'), 'utf8')) as {
  kyuji: [string, string, string?][];
};
const blocked = new Set<string>();
for (const [shinjitai, old] of kyujitai.kyuji) {
  const base = String.fromCodePoint(old.codePointAt(0)!); // the old form without its variation selector
  if (base === shinjitai) blocked.add(base);
  else add(base, shinjitai, 'kyujitai');
}
// 1. The Jinmeiyō list's old forms, each with the standard form it names (眞 → 真, 國 → 国).
for (const [c, v] of jinmei) for (const to of codes(v)) add(c, to, 'kJinmeiyoKanji');
// 2. The Jōyō list's official forms that a popular form stands in for (剝 → 剥), folded to the popular one.
for (const [c, v] of joyo) for (const official of codes(v)) if (!standard.has(official)) add(official, c, 'kJoyoKanji');
// 3. A non-standard kanji whose only Jōyō semantic variant names it back (髙 → 高): one answer, both ways. Jōyō only:
// with Jinmeiyō targets too, pairs such as 濱 → 瀕 came in.
const joyoForms = new Set([...joyo].filter(([, v]) => !v.includes('U+')).map(([c]) => c));
for (const [c, v] of semantic) {
  if (standard.has(c)) continue;
  const targets = [...new Set(codes(v).filter((t) => joyoForms.has(t)))];
  if (targets.length !== 1) continue;
  const back = semantic.get(targets[0]);
  if (back && codes(back).includes(c)) add(c, targets[0], 'kSemanticVariant');
}

const entries = [...fold].sort(([a], [b]) => a.codePointAt(0)! - b.codePointAt(0)!);
const counts: Record<string, number> = {};
for (const [c] of entries) counts[source.get(c)!] = (counts[source.get(c)!] ?? 0) + 1;
const out = {
  source:
    'npm kyujitai 1.3.0 (kyuji) and Unicode Unihan 15.0 (kJinmeiyoKanji, kJoyoKanji, kSemanticVariant); built by text/fold/build-itaiji.ts',
  counts,
  fold: Object.fromEntries(entries),
};
writeFileSync(new URL('./itaiji.json', import.meta.url), `${JSON.stringify(out, null, 0)}\n`);
console.log(`itaiji.json: ${entries.length} forms`, counts);
