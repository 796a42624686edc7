import { createHash } from 'node:crypto';
import { access, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { TestStore as Store } from '../test-store.js';
import { apiAs, draft, fixedClock, makeApp, openStore, SECRET, signIn, tempDataDir } from '../helpers.js';

// ----- fixtures: built here from bytes, so nothing binary is committed -----

/** A valid 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** Another PNG (different bytes, so a different hash). */
const PNG_2 = Buffer.concat([PNG, Buffer.from('tail')]);
/** SOI, a JFIF APP0 segment, EOI. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** An ID3v2 header followed by one MPEG-1 Layer III frame header and its (silent) frame. */
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]);
const WAV = ((): Buffer => {
  const samples = Buffer.alloc(8, 0x80);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + samples.length, 4);
  head.write('WAVE', 8);
  head.write('fmt ', 12);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(8000, 24);
  head.writeUInt32LE(8000, 28);
  head.writeUInt16LE(1, 32);
  head.writeUInt16LE(8, 34);
  head.write('data', 36);
  head.writeUInt32LE(samples.length, 40);
  return Buffer.concat([head, samples]);
})();
/** A PNG padded past 1 KB (file-type only reads the start). */
const BIG_PNG = Buffer.concat([PNG, Buffer.alloc(4096, 0x41)]);

const TEXT = Buffer.from('Biên bản phát thanh ngày 20/11/2026\n');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(1)</script></svg>');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface Upload {
  filename: string;
  /** What the browser claims; the app must not believe it. */
  contentType: string;
  data: Buffer;
  /** Replaces `filename="…"` in the part header, e.g. by an RFC 5987 `filename*=UTF-8''…`. */
  nameParam?: string | undefined;
}

/**
 * A multipart body written byte by byte as a browser writes it (UTF-8 names, raw), so a file name can
 * carry whatever a hostile client sends.
 */
function multipart(file: Upload | null, fields: Record<string, string> = {}): { body: Buffer; type: string } {
  const boundary = `----cchcTestBoundary${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${file.nameParam ?? `filename="${file.filename}"`}\r\nContent-Type: ${file.contentType}\r\n\r\n`));
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const png = (filename = 'anh-chup.png', data = PNG): Upload => ({ filename, contentType: 'image/png', data });

/** An upload through the API with a Bearer token. */
function apiUpload(app: Express, token: string, url: string, file: Upload | null, fields: Record<string, string> = {}): request.Test {
  const { body, type } = multipart(file, fields);
  return request(app).post(url).set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(body);
}

/** An upload through the form on a record's page, as the signed-in browser. */
function formUpload(agent: ReturnType<typeof request.agent>, url: string, file: Upload | null, fields: Record<string, string> = {}): request.Test {
  const { body, type } = multipart(file, fields);
  return agent.post(url).set('Content-Type', type).send(body);
}

/** Reads any answer as raw bytes, whatever its type. */
function bytes(test: request.Test): request.Test {
  return test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** Every regular file under a directory, as paths relative to it ([] if it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of names) {
    if ((await stat(path.join(dir, name))).isFile()) out.push(name.split(path.sep).join('/'));
  }
  return out.sort();
}

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

/** Nothing kept by a refused upload: no new blob, no temporary file left, no attachment record. */
async function expectNothingKept(store: Store, owner: { type: 'entry' | 'item'; id: number }, blobsBefore: string[]): Promise<void> {
  expect(await filesUnder(path.join(store.dataDir, 'files'))).toEqual(blobsBefore);
  expect(await filesUnder(path.join(store.dataDir, 'tmp'))).toEqual([]);
  expect((await store.filesOf(owner.type, owner.id))).toEqual([]);
  expect((await store.auditOf(owner.type, owner.id)).filter((r) => r.action === 'file.attach')).toEqual([]);
}

/** A fresh app with one live entry (id 1, on item 1). */
async function appWithEntry(options: Parameters<typeof makeApp>[0] = {}) {
  const t = await makeApp(options);
  const { entry, item } = await t.store.addEntry(draft(), 'bientap');
  return { ...t, entryId: entry.id, itemId: item.id };
}

beforeAll(async () => {
  // If these fail, the fixtures are wrong, not the app.
  const good: [Buffer, string][] = [
    [PNG, 'image/png'],
    [PNG_2, 'image/png'],
    [BIG_PNG, 'image/png'],
    [JPEG, 'image/jpeg'],
    [PDF, 'application/pdf'],
    [MP3, 'audio/mpeg'],
    [WAV, 'audio/wav'],
  ];
  for (const [data, mime] of good) expect((await fileTypeFromBuffer(data))?.mime).toBe(mime);
  const accepted = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'video/mp4'];
  for (const data of [TEXT, HTML, SVG, EXE]) {
    const mime = (await fileTypeFromBuffer(data))?.mime;
    expect(mime === undefined || (!accepted.includes(mime) && !mime.startsWith('audio/'))).toBe(true);
  }
});

describe('evidence files: upload through the API', () => {
  const kinds: [string, Upload, string][] = [
    ['a PNG image', png(), 'image/png'],
    ['a JPEG photo', { filename: 'bang-tin.jpg', contentType: 'image/jpeg', data: JPEG }, 'image/jpeg'],
    ['a PDF document', { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: PDF }, 'application/pdf'],
    ['an MP3 recording', { filename: 'ban-tin.mp3', contentType: 'audio/mpeg', data: MP3 }, 'audio/mpeg'],
    ['a WAV recording', { filename: 'ban-tin.wav', contentType: 'audio/wav', data: WAV }, 'audio/wav'],
  ];
  for (const [label, file, mime] of kinds) {
    it(`attaches ${label} (201) with its size, detected type and SHA-256`, async () => {
      const { app, api, store, entryId } = await appWithEntry();
      const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, file).expect(201);
      expect(res.body).toMatchObject({ name: file.filename, type: mime, size: file.data.length, sha256: sha256(file.data) });
      expect(typeof res.body.id).toBe('number');
      expect(res.headers.location).toBe(`/files/${res.body.id}`);
      expect((await store.filesOf('entry', entryId)).map((f) => f.sha256)).toEqual([sha256(file.data)]);
    });
  }

  it('takes the type from the bytes, not from the name or the Content-Type the client claims', async () => {
    const { app, api, entryId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, { filename: 'bien-ban.pdf', contentType: 'application/pdf', data: PNG }).expect(201);
    expect(res.body.type).toBe('image/png');
    expect(res.body.name).toBe('bien-ban.png');
  });

  it('keeps the caption and lists the file on GET /api/v1/entries/:id/files', async () => {
    const { app, api, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png(), { caption: 'Ảnh chụp bài đăng trên fanpage xã' }).expect(201);
    const res = await api.get(`/api/v1/entries/${entryId}/files`).expect(200);
    expect(res.body.files).toHaveLength(1);
    expect(res.body.files[0]).toMatchObject({
      id: posted.body.id,
      name: 'anh-chup.png',
      type: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      caption: 'Ảnh chụp bài đăng trên fanpage xã',
      createdBy: 'bientap',
      url: `/files/${posted.body.id}`,
    });
  });

  it('attaches to an item too (POST /api/v1/items/:id/files), listed by the API and on the item page', async () => {
    const { app, api, web, store, itemId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/items/${itemId}/files`, { filename: 'ke-hoach-tuyen-truyen.pdf', contentType: 'application/pdf', data: PDF }).expect(201);
    expect(res.body).toMatchObject({ name: 'ke-hoach-tuyen-truyen.pdf', type: 'application/pdf', size: PDF.length, sha256: sha256(PDF) });
    expect((await store.filesOf('item', itemId)).map((f) => f.id)).toEqual([res.body.id]);
    const list = await api.get(`/api/v1/items/${itemId}/files`).expect(200);
    expect(list.body.files.map((f: { id: number }) => f.id)).toEqual([res.body.id]);
    const page = await web.get(`/items/${itemId}`).expect(200);
    expect(page.text).toContain('ke-hoach-tuyen-truyen.pdf');
    expect(page.text).toContain(`href="/files/${res.body.id}"`);
  });

  it('writes a file.attach audit record with the SHA-256, for entries and items', async () => {
    const { app, api, store, entryId, itemId } = await appWithEntry();
    await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    await apiUpload(app, api.token, `/api/v1/items/${itemId}/files`, { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: PDF }).expect(201);
    const onEntry = (await store.auditOf('entry', entryId)).filter((r) => r.action === 'file.attach');
    expect(onEntry).toHaveLength(1);
    expect(onEntry[0]).toMatchObject({ user: 'bientap', after: { sha256: sha256(PNG), name: 'anh-chup.png', size: PNG.length } });
    const onItem = (await store.auditOf('item', itemId)).filter((r) => r.action === 'file.attach');
    expect(onItem).toHaveLength(1);
    expect(onItem[0]).toMatchObject({ user: 'bientap', after: { sha256: sha256(PDF) } });
  });

  it('stores the same bytes once under files/<2 hex>/<sha256>, with one attachment record per entry', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const second = (await store.addEntry(draft({ title: 'Lịch tiếp công dân' }), 'bientap')).entry.id;
    const a = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png('lan-1.png')).expect(201);
    const b = await apiUpload(app, api.token, `/api/v1/entries/${second}/files`, png('lan-2.png')).expect(201);
    const hash = sha256(PNG);
    expect([a.body.sha256, b.body.sha256]).toEqual([hash, hash]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(await filesUnder(path.join(store.dataDir, 'files'))).toEqual([`${hash.slice(0, 2)}/${hash}`]);
    expect((await store.filesOf('entry', entryId)).map((f) => f.name)).toEqual(['lan-1.png']);
    expect((await store.filesOf('entry', second)).map((f) => f.name)).toEqual(['lan-2.png']);
    expect(await filesUnder(path.join(store.dataDir, 'tmp'))).toEqual([]);
  });

  it('keeps different bytes apart, each under its own hash', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png('a.png', PNG)).expect(201);
    await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png('b.png', PNG_2)).expect(201);
    const expected = [sha256(PNG), sha256(PNG_2)].map((h) => `${h.slice(0, 2)}/${h}`).sort();
    expect(await filesUnder(path.join(store.dataDir, 'files'))).toEqual(expected);
    expect((await store.filesOf('entry', entryId))).toHaveLength(2);
  });

  it('keeps the file on disk when its entry is soft-deleted', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    await store.deleteEntry(entryId, 'bientap');
    const blob = path.join(store.dataDir, 'files', sha256(PNG).slice(0, 2), sha256(PNG));
    expect(await exists(blob)).toBe(true);
    expect((await store.file(res.body.id))?.sha256).toBe(sha256(PNG));
  });
});

describe('evidence files: refused uploads leave nothing behind', () => {
  it('refuses an empty file with 422', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png('trong.png', Buffer.alloc(0))).expect(422);
    expect(res.body.error).toMatch(/Tệp trống/);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });

  it('refuses a request without a "file" field with 422', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, null, { caption: 'Không có tệp' }).expect(422);
    expect(res.body.error).toMatch(/chọn một tệp/);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });

  const refused: [string, Upload][] = [
    ['a plain text file', { filename: 'bien-ban.txt', contentType: 'text/plain', data: TEXT }],
    ['an HTML page named anh.png and sent as image/png', { filename: 'anh.png', contentType: 'image/png', data: HTML }],
    ['an SVG image', { filename: 'logo.svg', contentType: 'image/svg+xml', data: SVG }],
    ['a Windows executable named like a PDF', { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: EXE }],
  ];
  for (const [label, file] of refused) {
    it(`refuses ${label} with 415 and a Vietnamese message`, async () => {
      const { app, api, store, entryId } = await appWithEntry();
      // A blob already kept must stay exactly as it was.
      await apiUpload(app, api.token, `/api/v1/items/1/files`, png()).expect(201);
      const before = await filesUnder(path.join(store.dataDir, 'files'));
      const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, file).expect(415);
      expect(res.body.error).toMatch(/^Loại tệp này không được nhận\./);
      expect(res.body.error).toContain('loại tệp được xác định từ nội dung tệp, không theo tên');
      await expectNothingKept(store, { type: 'entry', id: entryId }, before);
    });
  }

  it('refuses a file over the upload limit with 413 and a Vietnamese message, and accepts one under it', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, uploadLimitBytes: 1024 });
    const api = await apiAs(app, store, 'bientap', 'editor');
    const { entry } = await store.addEntry(draft(), 'bientap');
    expect(BIG_PNG.length).toBeGreaterThan(1024);
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entry.id}/files`, png('lon.png', BIG_PNG)).expect(413);
    expect(res.body.error).toBe('Tệp quá lớn: tối đa 1,0 KB mỗi tệp.');
    await expectNothingKept(store, { type: 'entry', id: entry.id }, []);
    await apiUpload(app, api.token, `/api/v1/entries/${entry.id}/files`, png('nho.png', PNG)).expect(201);
  });

  it('answers 404 for an unknown entry or item, keeping nothing', async () => {
    const { app, api, store } = await appWithEntry();
    for (const url of ['/api/v1/entries/999/files', '/api/v1/items/999/files']) {
      const res = await apiUpload(app, api.token, url, png()).expect(404);
      expect(res.body.error).toMatch(/^Không tìm thấy/);
    }
    await api.get('/api/v1/entries/999/files').expect(404);
    await expectNothingKept(store, { type: 'entry', id: 999 }, []);
    await expectNothingKept(store, { type: 'item', id: 999 }, []);
  });

  it('answers 404 for a deleted entry, keeping nothing', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    await store.deleteEntry(entryId, 'bientap');
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(404);
    expect(res.body.error).toBe('Không tìm thấy lượt phát/đăng này.');
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });

  it('answers 404 for a deleted item, keeping nothing', async () => {
    const { app, api, store, itemId } = await appWithEntry();
    await store.deleteItem(itemId, 'bientap');
    const res = await apiUpload(app, api.token, `/api/v1/items/${itemId}/files`, png()).expect(404);
    expect(res.body.error).toBe('Không tìm thấy tin bài này.');
    await expectNothingKept(store, { type: 'item', id: itemId }, []);
  });
});

describe('evidence files: names', () => {
  const tricks: [string, string, string?][] = [
    ['a relative path climbing out', '../../etc/passwd.png'],
    ['a Windows path climbing out', '..\\..\\etc\\passwd.png'],
    ['an absolute path', '/etc/passwd.png'],
    ['a 300-character name', `${'a'.repeat(300)}.png`],
    // RFC 5987 lets a well-formed header carry bytes a quoted name cannot.
    ['an encoded NUL byte and path', `../passwd\u0000.png`, "filename*=UTF-8''..%2Fpasswd%00.png"],
    ['encoded control characters and a backslash path', '..\\passwd\r\n.png', "filename*=UTF-8''..%5Cpasswd%0D%0A%07.png"],
  ];
  for (const [label, filename, nameParam] of tricks) {
    it(`stores a file named with ${label} under its hash only, showing a safe name`, async () => {
      // The data directory sits inside a private parent, so "outside" can be searched too.
      const parent = await tempDataDir();
      const { app, api, store, entryId } = await appWithEntry({ dataDir: path.join(parent, 'data') });
      const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, { ...png(filename), nameParam }).expect(201);
      const hash = sha256(PNG);
      expect(await filesUnder(path.join(store.dataDir, 'files'))).toEqual([`${hash.slice(0, 2)}/${hash}`]);
      const everything = await filesUnder(parent);
      expect(everything.filter((f) => /passwd/.test(path.posix.basename(f)))).toEqual([]);
      expect(everything.filter((f) => !f.startsWith('data/'))).toEqual([]);
      expect(await exists(path.join(os.tmpdir(), 'etc', 'passwd.png'))).toBe(false);
      const name: string = res.body.name;
      expect(name).not.toMatch(/[/\\\u0000]/);
      expect(name.length).toBeLessThanOrEqual(150);
      expect(name.endsWith('.png')).toBe(true);
      expect(name.startsWith('.')).toBe(false);
      expect((await store.file(res.body.id))?.name).toBe(name);
    });
  }

  it('refuses a raw NUL byte in the part header as a bad request (4xx, not a server error), keeping nothing', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const res = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png('passwd\u0000.png'));
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
    expect(res.status, res.body.error).toBeGreaterThanOrEqual(400);
    expect(res.status, res.body.error).toBeLessThan(500);
  });
});

describe('evidence files: download', () => {
  it('downloads the same bytes as an attachment, with the detected type and nosniff', async () => {
    const { app, api, web, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: PDF }).expect(201);
    const res = await bytes(web.get(`/files/${posted.body.id}`)).expect(200);
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ke-hoach.pdf"');
  });

  it('keeps a Vietnamese name as a browser sends it (raw UTF-8 in filename="…")', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const name = 'Ảnh chụp bài đăng.png';
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png(name)).expect(201);
    expect(posted.body.name).toBe(name);
    expect((await store.filesOf('entry', entryId)).map((f) => f.name)).toEqual([name]);
  });

  it('encodes a Vietnamese file name with filename* (UTF-8) on download', async () => {
    const { app, api, web, entryId } = await appWithEntry();
    const name = 'Ảnh chụp bài đăng.png';
    // Sent RFC 5987-encoded, so this checks the download whatever the upload's default charset.
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, { ...png(name), nameParam: `filename*=UTF-8''${encodeURIComponent(name)}` }).expect(201);
    expect(posted.body.name).toBe(name);
    const res = await bytes(web.get(`/files/${posted.body.id}`)).expect(200);
    expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    expect(res.headers['content-type']).toBe('image/png');
    const disposition = res.headers['content-disposition'] ?? '';
    // A quoted fallback for old clients, then the exact name for the rest.
    expect(disposition).toMatch(/^attachment; filename="[^"]+\.png"; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  const inline: [string, Upload, string][] = [
    ['an image', png(), 'inline'],
    ['an audio file', { filename: 'ban-tin.mp3', contentType: 'audio/mpeg', data: MP3 }, 'inline'],
    ['a PDF', { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: PDF }, 'attachment'],
  ];
  for (const [label, file, disposition] of inline) {
    it(`answers ?inline=1 for ${label} with Content-Disposition: ${disposition}`, async () => {
      const { app, api, web, entryId } = await appWithEntry();
      const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, file).expect(201);
      const res = await bytes(web.get(`/files/${posted.body.id}?inline=1`)).expect(200);
      expect(res.headers['content-disposition']).toBe(`${disposition}; filename="${file.filename}"`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body as Buffer, file.data)).toBe(0);
    });
  }

  it('answers 404 for an unknown file', async () => {
    const { web } = await appWithEntry();
    await web.get('/files/999').expect(404);
  });

  it('sends an anonymous visitor to the log-in page (303)', async () => {
    const { app, api, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    const res = await request(app).get(`/files/${posted.body.id}`).expect(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/files/${posted.body.id}`)}`);
  });

  it('serves a script with a Bearer token', async () => {
    const { app, api, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    const res = await bytes(api.get(`/files/${posted.body.id}`)).expect(200);
    expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
  });

  it('refuses a wrong Bearer token with 401', async () => {
    const { app, api, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    await request(app).get(`/files/${posted.body.id}`).set('Authorization', 'Bearer khong-hop-le').expect(401);
  });
});

describe('evidence files: viewers', () => {
  it('lets a viewer download but not upload (403 through the API and the form), keeping nothing', async () => {
    const { app, api, store, entryId } = await appWithEntry();
    const posted = await apiUpload(app, api.token, `/api/v1/entries/${entryId}/files`, png()).expect(201);
    const viewerWeb = await signIn(app, store, 'lanhdao', 'viewer');
    const viewerApi = await apiAs(app, store, 'lanhdao', 'viewer');

    const downloaded = await bytes(viewerWeb.get(`/files/${posted.body.id}`)).expect(200);
    expect(Buffer.compare(downloaded.body as Buffer, PNG)).toBe(0);
    await bytes(viewerApi.get(`/files/${posted.body.id}`)).expect(200);

    const before = await filesUnder(path.join(store.dataDir, 'files'));
    const viaApi = await apiUpload(app, viewerApi.token, `/api/v1/entries/${entryId}/files`, png('khac.png', PNG_2)).expect(403);
    expect(viaApi.body.error).toBe('Tài khoản chỉ xem không được thay đổi dữ liệu.');
    await formUpload(viewerWeb.agent, `/entries/${entryId}/files`, png('khac.png', PNG_2), { _csrf: viewerWeb.csrf }).expect(403);
    expect(await filesUnder(path.join(store.dataDir, 'files'))).toEqual(before);
    expect(await filesUnder(path.join(store.dataDir, 'tmp'))).toEqual([]);
    expect((await store.filesOf('entry', entryId)).map((f) => f.id)).toEqual([posted.body.id]);

    const page = await viewerWeb.get(`/entries/${entryId}`).expect(200);
    expect(page.text).not.toContain('enctype="multipart/form-data"');
  });
});

describe('evidence files: the upload form on a record page', () => {
  it('attaches an image and shows it as a thumbnail on the entry page (POST → 303 → GET)', async () => {
    const { web, store, entryId } = await appWithEntry();
    const res = await formUpload(web.agent, `/entries/${entryId}/files`, png('anh-fanpage.png'), { _csrf: web.csrf, caption: 'Bài đăng ngày 20/11' }).expect(303);
    expect(res.headers.location).toMatch(new RegExp(`^/entries/${entryId}\\?ok=file-attached(#files)?$`));
    const [record] = (await store.filesOf('entry', entryId));
    expect(record).toMatchObject({ name: 'anh-fanpage.png', type: 'image/png', sha256: sha256(PNG), caption: 'Bài đăng ngày 20/11', createdBy: 'bientap' });
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Đã đính kèm tệp minh chứng.');
    expect(page.text).toContain('anh-fanpage.png');
    expect(page.text).toMatch(new RegExp(`<img[^>]*src="/files/${record!.id}\\?inline=1"`));
    expect(page.text).not.toContain('<audio');
  });

  it('attaches a recording and shows an audio player on the entry page', async () => {
    const { web, store, entryId } = await appWithEntry();
    await formUpload(web.agent, `/entries/${entryId}/files`, { filename: 'ban-tin-sang.mp3', contentType: 'audio/mpeg', data: MP3 }, { _csrf: web.csrf }).expect(303);
    const [record] = (await store.filesOf('entry', entryId));
    expect(record?.type).toBe('audio/mpeg');
    const page = await web.get(`/entries/${entryId}`).expect(200);
    expect(page.text).toContain('ban-tin-sang.mp3');
    expect(page.text).toMatch(new RegExp(`<audio[^>]*src="/files/${record!.id}\\?inline=1"`));
    expect(page.text).not.toMatch(/<img[^>]*class="thumb"/);
  });

  it('attaches through the form on an item page too', async () => {
    const { web, store, itemId } = await appWithEntry();
    const res = await formUpload(web.agent, `/items/${itemId}/files`, { filename: 'ke-hoach.pdf', contentType: 'application/pdf', data: PDF }, { _csrf: web.csrf }).expect(303);
    expect(res.headers.location).toMatch(new RegExp(`^/items/${itemId}\\?ok=file-attached`));
    expect((await store.filesOf('item', itemId)).map((f) => f.name)).toEqual(['ke-hoach.pdf']);
    const page = await web.get(`/items/${itemId}`).expect(200);
    expect(page.text).toContain('ke-hoach.pdf');
  });

  it('refuses the form without its CSRF token (403), keeping nothing', async () => {
    const { web, store, entryId } = await appWithEntry();
    const res = await formUpload(web.agent, `/entries/${entryId}/files`, png()).expect(403);
    expect(res.text).toContain('CSRF');
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });

  it('refuses the form with a wrong CSRF token (403), keeping nothing', async () => {
    const { web, store, entryId } = await appWithEntry();
    await formUpload(web.agent, `/entries/${entryId}/files`, png(), { _csrf: 'sai' }).expect(403);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });

  it('sends a refused type back to the page (303 ?fileError=415) with the Vietnamese message in an alert', async () => {
    const { web, store, entryId } = await appWithEntry();
    const res = await formUpload(web.agent, `/entries/${entryId}/files`, { filename: 'anh.png', contentType: 'image/png', data: HTML }, { _csrf: web.csrf }).expect(303);
    expect(res.headers.location).toBe(`/entries/${entryId}?fileError=415`);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toMatch(/<[^>]*role="alert"[^>]*>Loại tệp này không được nhận\.[^<]*Tệp chưa được lưu\./);
  });

  it('sends an empty form back to the page (303 ?fileError=422) with a message in an alert', async () => {
    const { web, store, entryId } = await appWithEntry();
    const res = await formUpload(web.agent, `/entries/${entryId}/files`, null, { _csrf: web.csrf }).expect(303);
    expect(res.headers.location).toBe(`/entries/${entryId}?fileError=422`);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toMatch(/role="alert"[^>]*>Chưa chọn tệp, hoặc tệp trống\./);
  });

  it('sends a file over the limit back to the page (303 ?fileError=413) with the limit in an alert', async () => {
    const store = await openStore();
    const app = createApp({ storage: store.storage, clock: fixedClock, sessionSecret: SECRET, uploadLimitBytes: 1024 });
    const web = await signIn(app, store, 'bientap', 'editor');
    const { entry } = await store.addEntry(draft(), 'bientap');
    const res = await formUpload(web.agent, `/entries/${entry.id}/files`, png('lon.png', BIG_PNG), { _csrf: web.csrf }).expect(303);
    expect(res.headers.location).toBe(`/entries/${entry.id}?fileError=413`);
    await expectNothingKept(store, { type: 'entry', id: entry.id }, []);
    const page = await web.get(res.headers.location!).expect(200);
    expect(page.text).toMatch(/role="alert"[^>]*>Tệp quá lớn: tối đa 1,0 KB mỗi tệp\./);
  });

  it('answers 404 for the form of a deleted entry, keeping nothing', async () => {
    const { web, store, entryId } = await appWithEntry();
    await store.deleteEntry(entryId, 'bientap');
    await formUpload(web.agent, `/entries/${entryId}/files`, png(), { _csrf: web.csrf }).expect(404);
    await expectNothingKept(store, { type: 'entry', id: entryId }, []);
  });
});
