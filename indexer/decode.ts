import Encoding from 'encoding-japanese';
import { KensakuError } from '../errors/kensaku-error.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * encoding-japanese names → WHATWG labels. Node's TextDecoder (full ICU) decodes `shift_jis` as
 * Windows-31J/CP932 (NEC and IBM extensions: ①, ⅰ, 髙, 﨑; 0x8160 → ～ U+FF5E), the same as
 * encoding-japanese's own tables (checked), and with `fatal` it refuses invalid or unmapped bytes.
 * Order matters: valid UTF-8 is rarely valid EUC-JP/SJIS, and SJIS text (lead bytes 0x81-0x9F)
 * is rarely valid EUC-JP, while EUC-JP bytes often look like SJIS half-width kana.
 */
const LABELS = { UTF8: 'utf-8', JIS: 'iso-2022-jp', EUCJP: 'euc-jp', SJIS: 'shift_jis' } as const;
const CANDIDATES = Object.keys(LABELS) as Array<keyof typeof LABELS>;

/**
 * Decodes a text file's bytes: UTF-8 (BOM stripped), Shift_JIS/CP932, EUC-JP or ISO-2022-JP,
 * with CRLF/CR turned into LF. Binary, or bytes invalid in every candidate, are refused with
 * KensakuError('undecodable_text') naming the file.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (body.length === 0) return '';
  // Control bytes 0x00-0x07 or 0xFF occur in none of these encodings: a binary file.
  if (Encoding.detect(body, 'BINARY')) throw undecodable(fileName, 'binary content');
  // encoding-japanese checks the byte structure; TextDecoder then proves every character maps.
  const candidates = hasBom ? (['UTF8'] as const) : CANDIDATES.filter((name) => Encoding.detect(body, name));
  for (const name of candidates) {
    try {
      const text = new TextDecoder(LABELS[name], { fatal: true }).decode(body);
      return text.replace(/\r\n?/g, '\n');
    } catch {
      // Not this encoding after all; try the next candidate.
    }
  }
  throw undecodable(fileName, 'invalid in every supported encoding');
}

function undecodable(fileName: string, why: string): KensakuError {
  return new KensakuError(
    'undecodable_text',
    `${fileName}: cannot decode as text (${why}); expected UTF-8, Shift_JIS/CP932, EUC-JP or ISO-2022-JP`,
  );
}
