import Encoding from 'encoding-japanese';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../indexer/chunker.ts';
import { decodeText } from '../indexer/decode.ts';
import { parseFile } from '../indexer/formats/index.ts';
import { sampleBytes, sampleText } from './fixtures/indexer-sample.ts';

const encode = (text: string, to: 'SJIS' | 'EUCJP' | 'JIS') =>
  Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to, from: 'UNICODE', type: 'array' }));

/** What a user sees after indexing a file: its chunks. */
async function chunksOf(bytes: Uint8Array) {
  const [doc] = await parseFile('japan-us.txt', bytes);
  return chunkDocument(doc);
}

describe('decodeText', () => {
  it.each(['SJIS', 'EUCJP', 'JIS'] as const)(
    'gives the same chunks for a %s copy of the sample as for UTF-8',
    async (encoding) => {
      const bytes = encode(sampleText, encoding);
      expect(Buffer.from(bytes).equals(Buffer.from(sampleBytes))).toBe(false);
      expect(await chunksOf(bytes)).toEqual(await chunksOf(sampleBytes));
    },
  );

  it('strips a UTF-8 BOM and gives the same chunks', async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...sampleBytes]);
    expect(decodeText(withBom, 'bom.txt').charCodeAt(0)).not.toBe(0xfeff);
    expect(await chunksOf(withBom)).toEqual(await chunksOf(sampleBytes));
  });

  it('turns CRLF and CR line ends into LF, so offsets match the LF text', async () => {
    const crlf = new TextEncoder().encode(sampleText.replaceAll('\n', '\r\n'));
    const cr = new TextEncoder().encode(sampleText.replaceAll('\n', '\r'));
    expect(decodeText(crlf, 'crlf.txt')).toBe(sampleText);
    expect(await chunksOf(cr)).toEqual(await chunksOf(sampleBytes));
  });

  it('decodes Windows (CP932) extension characters in Shift_JIS files', () => {
    // 0x8740 ① (NEC special), 0xFBFC 髙 (IBM extension), 0x8160 ～ (CP932 maps it to U+FF5E), then 会議 and 。
    const bytes = Uint8Array.from([0x87, 0x40, 0xfb, 0xfc, 0x81, 0x60, ...encode('会議の資料。', 'SJIS')]);
    expect(decodeText(bytes, 'cp932.txt')).toBe('①髙\uff5e会議の資料。');
  });

  it('refuses binary content with an error naming the file', () => {
    let seed = 42;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23);
    expect(() => decodeText(random, 'photo.txt')).toThrowError(
      expect.objectContaining({ code: 'undecodable_text', message: expect.stringContaining('photo.txt') }),
    );
  });

  it('refuses bytes that are invalid in every supported encoding', () => {
    // 0x82 opens a Shift_JIS character but 0x20 cannot end one; 0x82 is invalid in UTF-8 and EUC-JP too.
    const broken = Uint8Array.from([0x61, 0x82, 0x20, 0x62, 0x0a]);
    expect(() => decodeText(broken, 'notes/broken.txt')).toThrowError(
      expect.objectContaining({ code: 'undecodable_text', message: expect.stringContaining('notes/broken.txt') }),
    );
  });
});
