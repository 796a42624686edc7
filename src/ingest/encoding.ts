import iconv from 'iconv-lite';

/** The encodings a CSV may come in, as named to the user. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'windows-1252';

export const ENCODING_LABELS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (Unicode của Excel)',
  'utf-16be': 'UTF-16 BE',
  'windows-1258': 'Windows-1258 (tiếng Việt)',
  'windows-1252': 'Windows-1252 (Tây Âu)',
};

// Letters Vietnamese needs that only Windows-1258 gives these bytes to: Ă ă Đ đ Ơ ơ Ư ư and the
// combining tone marks (0xCC 0xEC 0xD2 0xF2 0xDE). Read as Windows-1252 they are Ã ã Ð ð Õ õ Ý ý Ì ì Ò ò Þ.
const CP1258_MARKERS = new Set([0xc3, 0xe3, 0xd0, 0xf0, 0xd5, 0xf5, 0xdd, 0xfd, 0xcc, 0xec, 0xd2, 0xf2, 0xde]);

/**
 * Decides the encoding of a CSV's bytes: a byte-order mark says UTF-8 or UTF-16; bytes that are valid
 * UTF-8 are UTF-8; otherwise a single-byte Windows code page, Windows-1258 when its Vietnamese letters
 * and tone marks appear, else Windows-1252. Never guesses silently: the caller shows which was used.
 */
export function detectEncoding(bytes: Buffer): { encoding: CsvEncoding; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // UTF-16 without a mark: every other byte of ASCII text is zero.
  const sample = bytes.subarray(0, 4000);
  let zerosOdd = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) zerosOdd++;
  if (sample.length > 8 && zerosOdd > sample.length / 4) return { encoding: 'utf-16le', bom: 0 };
  try {
    // `stream`: the sample may end inside a letter.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    let high = 0;
    let markers = 0;
    for (const b of bytes) {
      if (b < 0x80) continue;
      high++;
      if (CP1258_MARKERS.has(b)) markers++;
    }
    return { encoding: high && markers / high > 0.1 ? 'windows-1258' : 'windows-1252', bom: 0 };
  }
}

/** The text of some bytes in an encoding, Unicode normalised (Windows-1258 writes tone marks apart). */
export function decode(bytes: Buffer, encoding: CsvEncoding, bom: number): string {
  const body = bytes.subarray(bom);
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding);
  return text.normalize('NFC');
}

/** A stream that turns a file's bytes into text in an encoding (letters split across chunks kept whole). */
export function decoderStream(encoding: CsvEncoding): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding);
}
