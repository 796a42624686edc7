import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import contentDisposition from 'content-disposition';
import type { NextFunction, Request, Response } from 'express';
import { fileTypeFromFile } from 'file-type';
import multer from 'multer';
import type { AppContext } from '../../app.js';
import { ACCEPTED_DESCRIPTION, ALLOWED_TYPES, cleanCaption, type FileRecord, fmtSize, safeFileName } from '../../domain/files.js';
import { blobPath, keepBlob, sha256Of } from '../../store/blobs.js';
import { actorOf } from '../auth.js';
import { HttpError, idParam, notFound } from '../http-error.js';

type Owner = { type: 'entry' | 'item'; id: number };

/** Whether a file's entry (and its item) or item is live. */
function ownerIsLive(ctx: AppContext, owner: Owner): boolean {
  if (owner.type === 'item') return ctx.store.isLiveItem(owner.id);
  const entry = ctx.store.entry(owner.id);
  return !!entry && ctx.store.isLiveEntry(entry);
}

/** The owner named by the route (`/entries/:id/files`, `/items/:id/files`), live, or 404. */
function ownerOf(ctx: AppContext, req: Request): Owner {
  const type = req.path.includes('/items/') ? 'item' : 'entry';
  const id = idParam(String(req.params.id), 'Không tìm thấy bản ghi này.');
  if (!ownerIsLive(ctx, { type, id })) throw notFound(type === 'item' ? 'Không tìm thấy tin bài này.' : 'Không tìm thấy lượt phát/đăng này.');
  return { type, id };
}

function fileJson(f: FileRecord): Record<string, unknown> {
  return { id: f.id, name: f.name, type: f.type, size: f.size, sha256: f.sha256, caption: f.caption, createdAt: f.createdAt, createdBy: f.createdBy, url: `/files/${f.id}` };
}

/**
 * Receives one file (field `file`, optional `caption`) into a private temporary folder inside the data
 * directory, checks its size and its type from its bytes, keeps it by content hash and records the
 * attachment. Whatever happens, the temporary folder is removed: a refused upload leaves nothing.
 */
async function receive(ctx: AppContext, req: Request, res: Response, limitBytes: number): Promise<FileRecord> {
  const owner = ownerOf(ctx, req);
  const tmp = path.join(ctx.store.dataDir, 'tmp', randomBytes(8).toString('hex'));
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  try {
    const upload = multer({ dest: tmp, defParamCharset: 'utf8', limits: { fileSize: limitBytes, files: 1, fields: 5, fieldSize: 10_000 } }).single('file');
    await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(err) : resolve())));
    const file = req.file;
    if (!file) throw new HttpError(422, 'Vui lòng chọn một tệp để tải lên (trường "file").');
    if (file.size === 0) throw new HttpError(422, 'Tệp trống (0 byte), không có gì để lưu.');
    const detected = await fileTypeFromFile(file.path);
    const allowed = detected ? ALLOWED_TYPES[detected.mime] : undefined;
    if (!detected || !allowed) throw new HttpError(415, `Loại tệp này không được nhận. Chỉ nhận ${ACCEPTED_DESCRIPTION}; loại tệp được xác định từ nội dung tệp, không theo tên.`);
    const sha256 = await sha256Of(file.path);
    await keepBlob(ctx.store.dataDir, file.path, sha256);
    const caption = cleanCaption((req.body as Record<string, unknown> | undefined)?.caption);
    return await ctx.store.addFile({ owner, sha256, name: safeFileName(file.originalname, allowed.ext), type: detected.mime, size: file.size, caption }, actorOf(req));
  } catch (err) {
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') throw new HttpError(413, `Tệp quá lớn: tối đa ${fmtSize(limitBytes)} mỗi tệp.`);
    if (err instanceof multer.MulterError) throw new HttpError(422, `Không nhận được tệp: ${err.message}.`);
    // A body that is not well-formed multipart (busboy's parse errors: a bad part header, a cut-off body).
    if (err instanceof Error && /^(Malformed|Unexpected end of form|Multipart: Boundary not found)/.test(err.message)) {
      throw new HttpError(400, 'Dữ liệu tải lên bị hỏng hoặc không đúng dạng multipart/form-data; vui lòng gửi lại tệp.');
    }
    throw err;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** POST /api/v1/entries/:id/files, /api/v1/items/:id/files → 201 `{ id, name, type, size, sha256 }` */
export function apiUploadFile(ctx: AppContext, limitBytes: number) {
  return async (req: Request, res: Response): Promise<void> => {
    const record = await receive(ctx, req, res, limitBytes);
    res.status(201).location(`/files/${record.id}`).json(fileJson(record));
  };
}

/** POST /entries/:id/files, /items/:id/files: the upload form on a record's page. */
export function uploadFile(ctx: AppContext, limitBytes: number) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const back = req.path.replace(/\/files$/, '');
    try {
      await receive(ctx, req, res, limitBytes);
    } catch (err) {
      if (err instanceof HttpError && [413, 415, 422].includes(err.status)) {
        res.redirect(303, `${back}?fileError=${err.status}`);
        return;
      }
      next(err);
      return;
    }
    res.redirect(303, `${back}?ok=file-attached#files`);
  };
}

/** GET /api/v1/entries/:id/files, /api/v1/items/:id/files */
export function apiListFiles(ctx: AppContext) {
  return (req: Request, res: Response): void => {
    const owner = ownerOf(ctx, req);
    res.json({ files: ctx.store.filesOf(owner.type, owner.id).map(fileJson) });
  };
}

/**
 * GET /files/:id: the file as an attachment, with its detected type and nosniff. `?inline=1` shows an
 * image or audio file in the page (the preview), never anything else.
 */
export function downloadFile(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const record = ctx.store.file(idParam(String(req.params.id), 'Không tìm thấy tệp này.'));
    if (!record) throw notFound('Không tìm thấy tệp này.');
    // A file of a deleted record is hidden like the record itself: only admins, who can restore it, see it.
    if (!ownerIsLive(ctx, record.owner) && req.user?.role !== 'admin') throw notFound('Không tìm thấy tệp này.');
    const file = blobPath(ctx.store.dataDir, record.sha256);
    await stat(file).catch(() => {
      throw new HttpError(410, 'Tệp này không còn trên máy chủ (đã bị xóa khỏi thư mục dữ liệu).');
    });
    const kind = ALLOWED_TYPES[record.type]?.kind;
    const inline = req.query.inline === '1' && (kind === 'image' || kind === 'audio');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('Content-Disposition', contentDisposition(record.name, { type: inline ? 'inline' : 'attachment' }));
    await new Promise<void>((resolve, reject) =>
      res.sendFile(file, { headers: { 'Content-Type': record.type }, lastModified: false }, (err) => (err ? reject(err) : resolve())),
    );
  };
}
