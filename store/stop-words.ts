/**
 * Japanese function words that carry no topic: particles, copulas, question words and light verbs.
 * Questions such as 「会談はどこで行われたか」 are mostly these; dropping them lets the content words rank.
 */
export const JAPANESE_STOP_WORDS: readonly string[] = [
  'の', 'は', 'が', 'を', 'に', 'へ', 'と', 'で', 'も', 'や', 'か', 'な', 'ね', 'よ', 'から', 'まで', 'より',
  'だ', 'です', 'ます', 'でし', 'まし', 'た', 'て', 'ある', 'いる', 'する', 'し', 'さ', 'れ', 'られ', 'れる',
  'こと', 'もの', 'ため', 'よう', 'これ', 'それ', 'この', 'その', 'あの',
  '何', 'なに', 'なん', 'どこ', 'いつ', '誰', 'だれ', 'どれ', 'どの', 'どう', 'どんな', 'なぜ', 'いくつ', 'どちら',
];

export function stopWordsFor(choice: 'ja' | 'none'): string[] {
  return choice === 'ja' ? [...JAPANESE_STOP_WORDS] : [];
}
