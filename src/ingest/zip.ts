import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { SheetLimits } from './limits.js';
import { NotASheetError, refusals } from './refusal.js';

/** An opened .xlsx: its files by lower-case name, checked against the budgets from its directory. */
export interface Zip {
  /** The entry of a file, by its name in any case; undefined when there is none. */
  entry(name: string): yauzl.Entry | undefined;
  /** A file's bytes as they unzip; more than the directory declares is an error (yauzl checks as it goes). */
  stream(entry: yauzl.Entry): Promise<Readable>;
  close(): void;
}

/** Any failure of the zip reader is a damaged file, told the user as one; other errors pass. */
function damaged(err: unknown): Error {
  return err instanceof NotASheetError ? err : new NotASheetError(refusals.damaged(), { cause: err });
}

/**
 * Opens a zip and reads its central directory only: refuses, before anything is unzipped, a zip
 * with too many files or with a file that unzips more than `maxRatio` times (a zip bomb; sheets
 * unzip about ten times). yauzl then refuses any file that unzips to more than the directory said.
 */
export async function openZip(file: string, limits: SheetLimits): Promise<Zip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (err) {
    throw damaged(err);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > limits.maxZipEntries) throw new NotASheetError(refusals.tooManyParts(limits.maxZipEntries));
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const { uncompressedSize: size, compressedSize: packed } = entry;
        if (size > limits.ratioFloorBytes && size / Math.max(1, packed) > limits.maxRatio) {
          reject(new NotASheetError(refusals.ratio(entry.fileName, limits.maxRatio)));
          return;
        }
        entries.set(entry.fileName.toLowerCase(), entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw damaged(err);
  }
  return {
    entry: (name) => entries.get(name.toLowerCase()),
    stream: async (entry) => {
      try {
        return await zip.openReadStreamPromise(entry);
      } catch (err) {
        throw damaged(err);
      }
    },
    close: () => zip.close(),
  };
}

/** The text of a zipped part, a piece at a time (UTF-8, or UTF-16 with its byte-order mark). */
export async function* partText(zip: Zip, entry: yauzl.Entry): AsyncGenerator<string> {
  const stream = await zip.stream(entry);
  let decoder: TextDecoder | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) decoder = new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder) yield decoder.decode();
  } catch (err) {
    throw damaged(err);
  } finally {
    stream.destroy();
  }
}
