/**
 * Workbooks (and other zips) built in the tests, hostile ones included: nothing binary is committed.
 * A part is pieces of text, each repeated some number of times; a repeated piece is compressed once
 * (ending on a full flush, so that its bytes stand alone) and its bytes repeated, so that a part of
 * gigabytes costs milliseconds and no memory to build, and unzips to exactly what it says.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface Piece {
  text: string | Buffer;
  times?: number;
}

export type Part = string | Buffer | Piece[];

const pieces = (part: Part): Piece[] => (Array.isArray(part) ? part : [{ text: part }]);

/** A zip of the parts (deflated), written the way Excel writes one: local headers, then the directory. */
export function zipOf(files: Record<string, Part>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of Object.entries(files)) {
    const compressed: Buffer[] = [];
    let crc = 0;
    let size = 0;
    for (const { text, times = 1 } of pieces(part)) {
      const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
      const packed = deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
      for (let i = 0; i < times; i++) {
        crc = crc32(bytes, crc);
        compressed.push(packed);
      }
      size += bytes.length * times;
    }
    // The last block of a deflate stream: empty, final.
    compressed.push(Buffer.from([0x03, 0x00]));
    const data = Buffer.concat(compressed);
    const fileName = Buffer.from(name, 'utf8');
    const header = (central_: boolean): Buffer => {
      const h = Buffer.alloc(central_ ? 46 : 30);
      let o = 0;
      h.writeUInt32LE(central_ ? 0x02014b50 : 0x04034b50, o);
      o += 4;
      if (central_) {
        h.writeUInt16LE(20, o);
        o += 2;
      }
      h.writeUInt16LE(20, o); // version needed
      h.writeUInt16LE(0x0800, o + 2); // UTF-8 names
      h.writeUInt16LE(8, o + 4); // deflate
      h.writeUInt16LE(0, o + 6); // time
      h.writeUInt16LE(0x5b87, o + 8); // date: 2025-12-07
      h.writeUInt32LE(crc >>> 0, o + 10);
      h.writeUInt32LE(data.length, o + 14);
      h.writeUInt32LE(size, o + 18);
      h.writeUInt16LE(fileName.length, o + 22);
      if (central_) h.writeUInt32LE(offset, 42);
      return h;
    };
    central.push(header(true), fileName);
    locals.push(header(false), fileName, data);
    offset += 30 + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts around a sheet: content types, relationships, the workbook, and styles (style 1 a date). */
export function workbookParts(options: { sharedStrings?: boolean; workbook?: string } = {}): Record<string, string> {
  return {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': options.workbook ?? `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><workbookPr/><sheets><sheet name="Nhật ký" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>${options.sharedStrings ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  };
}

/** A sheet part around its rows' XML. */
export const sheetXml = (rows: Part): Piece[] => [{ text: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>` }, ...pieces(rows), { text: '</sheetData></worksheet>' }];

/** A shared strings part around its `<si>` elements. */
export const sharedStringsXml = (items: Part): Piece[] => [{ text: `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>` }, ...pieces(items), { text: '</sst>' }];

/** A whole .xlsx of one sheet. */
export function xlsxOf(sheet: Part, sharedStrings?: Part, extra: Record<string, Part> = {}): Buffer {
  return zipOf({ ...workbookParts({ sharedStrings: sharedStrings !== undefined }), 'xl/worksheets/sheet1.xml': sheetXml(sheet), ...(sharedStrings !== undefined ? { 'xl/sharedStrings.xml': sharedStringsXml(sharedStrings) } : {}), ...extra });
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A row of inline-string cells, with its reference or (`r: false`) without, as some writers make them. */
export function inlineRow(n: number, cells: string[], r = true): string {
  const col = (i: number): string => String.fromCharCode(65 + i);
  return `<row${r ? ` r="${n}"` : ''}>${cells.map((c, i) => `<c${r ? ` r="${col(i)}${n}"` : ''} t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`;
}

/** A log's header and rows that check clean: title, date, time, channel, format, unit, topics. */
export const LOG_HEADER = ['Tiêu đề', 'Ngày', 'Giờ', 'Kênh', 'Hình thức', 'Đơn vị', 'Nội dung tuyên truyền'];
export const logRow = (i: number): string[] => [`Tin số ${i} về cải cách hành chính`, `${String(1 + (i % 28)).padStart(2, '0')}/11/2026`, '06:00', 'Truyền thanh', 'Tin', 'tt-dvsnc', 'm'];
