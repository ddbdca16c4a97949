/**
 * Japanese function words that carry no topic, spelled as Meilisearch's Japanese segmenter cuts them:
 * particles, auxiliaries and conjugation endings, light verbs, formal nouns, demonstratives and question words.
 * Questions such as 「会談はどこで行われたか」 are mostly these; dropping them lets the content words rank.
 * Chosen by part of speech, not word by word on an eval set; `npm run eval -- --sweep` measures the list
 * (JSQuAD valid keyword nDCG@10: none 0.883, the first 55-word list 0.919, this 121-word list 0.928; docs/results.md).
 * Changing it re-adds the chunk index's documents (store/chunk-store.ts): Meilisearch does not re-index
 * words that stop being stop words.
 */
export const JAPANESE_STOP_WORDS: readonly string[] = [
  // particles (格・係・副・接続・終助詞)
  'の', 'は', 'が', 'を', 'に', 'へ', 'と', 'で', 'も', 'や', 'か', 'な', 'ね', 'よ', 'から', 'まで', 'より',
  'など', 'ほど', 'だけ', 'のみ', 'しか', 'さえ', 'ば', 'ながら', 'つつ', 'たり', 'とも', 'ので', 'のに', 'にて',
  // pieces of compound particles: に|おい|て, に|おけ|る, に|よっ|て, に|よる, に|つい|て, と|いう
  'おい', 'おけ', 'よっ', 'よる', 'つい', 'いう', 'いっ',
  // copulas, auxiliaries and conjugation endings
  'だ', 'です', 'ます', 'でし', 'まし', 'ませ', 'でしょう', 'だっ', 'た', 'て', 'ない', 'なかっ', 'なく', 'ず', 'ん', 'う', 'る', 'い',
  'れ', 'れる', 'られ', 'られる', 'せ', 'せる', 'させ',
  // light verbs (する, ある, いる, なる, できる, おる)
  'ある', 'あり', 'あっ', 'いる', 'する', 'し', 'さ', 'なる', 'なり', 'なっ', 'できる', 'でき', 'おり',
  // formal nouns, demonstratives, conjunctions
  'こと', 'もの', 'ため', 'よう', 'うち', 'とき', 'ところ', 'ほか', 'まま',
  'これ', 'それ', 'あれ', 'この', 'その', 'あの', 'ここ', 'そこ', 'また', 'および', 'あるいは', 'または', 'かつ',
  // question words
  '何', 'なに', 'なん', 'どこ', 'いつ', '誰', 'だれ', 'どれ', 'どの', 'どう', 'どんな', 'なぜ', 'いくつ', 'どちら',
  'いくら', 'いかに', 'いかなる', 'どのよう', 'くらい', 'ぐらい', 'ごろ', '何故', '何時',
];

export function stopWordsFor(choice: 'ja' | 'none'): string[] {
  return choice === 'ja' ? [...JAPANESE_STOP_WORDS] : [];
}
