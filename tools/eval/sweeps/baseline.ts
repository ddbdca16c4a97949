/** The settings before `npm run eval` tuning (commit 3a55a00): what "before" means in every sweep. */
export const BASELINE = {
  convex: { cosineFloor: 0.8, weight: 0.7 },
  rrf: { k: 60, weight: 0.5 },
  window: 50,
  chunkMaxChars: 400,
  /** The 52-word list shipped before tuning. */
  stopWords: [
    'の', 'は', 'が', 'を', 'に', 'へ', 'と', 'で', 'も', 'や', 'か', 'な', 'ね', 'よ', 'から', 'まで', 'より',
    'だ', 'です', 'ます', 'でし', 'まし', 'た', 'て', 'ある', 'いる', 'する', 'し', 'さ', 'れ', 'られ', 'れる',
    'こと', 'もの', 'ため', 'よう', 'これ', 'それ', 'この', 'その', 'あの',
    '何', 'なに', 'なん', 'どこ', 'いつ', '誰', 'だれ', 'どれ', 'どの', 'どう', 'どんな', 'なぜ', 'いくつ', 'どちら',
  ],
};
