import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import contentDisposition from 'content-disposition';
import type { NextFunction, Request, Response } from 'express';
import { ALLOWED_TYPES, type FileRecord } from '../../domain/files.js';
import { MSG } from '../../domain/messages.js';
import { idParam } from '../request.js';
import { statusOf } from '../errors.js';
import { attachFile, fileForDownload, filesOf, liveOwner } from '../../services/files.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { receiveOneFile } from '../upload.js';

type Owner = FileRecord['owner'];

/** The owner named by the route (`/entries/:id/files`, `/items/:id/files`). */
function ownerOf(req: Request): Owner {
  const type = req.path.includes('/items/') ? 'item' : 'entry';
  return { type, id: idParam(String(req.params.id), MSG.recordNotFound) };
}

function fileJson(f: FileRecord): Record<string, unknown> {
  return { id: f.id, name: f.name, type: f.type, size: f.size, sha256: f.sha256, caption: f.caption, createdAt: f.createdAt, createdBy: f.createdBy, url: `/files/${f.id}` };
}

/**
 * Receives one file (field `file`, optional `caption`) into a private temporary folder, and hands it
 * to the files service, which checks its type from its bytes, keeps it and records the attachment.
 * Whatever happens, the temporary folder is removed: a refused upload leaves nothing.
 */
async function receive(ctx: WebContext, req: Request, res: Response): Promise<FileRecord> {
  const s = scope(ctx, req);
  const owner = await liveOwner(s, ownerOf(req));
  const tmp = path.join(ctx.uploadDir, randomBytes(8).toString('hex'));
  await mkdir(tmp, { recursive: true, mode: 0o700 });
  try {
    const file = await receiveOneFile(req, res, tmp, { fileSize: ctx.uploadLimitBytes, fields: 5, fieldSize: 10_000 });
    return await attachFile(s, owner, { path: file.path, originalName: file.originalname, size: file.size }, (req.body as Record<string, unknown> | undefined)?.caption, actorOf(req));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** POST /api/v1/entries/:id/files, /api/v1/items/:id/files → 201 `{ id, name, type, size, sha256 }` */
export function apiUploadFile(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const record = await receive(ctx, req, res);
    res.status(201).location(`/files/${record.id}`).json(fileJson(record));
  };
}

/** POST /entries/:id/files, /items/:id/files: the upload form on a record's page. */
export function uploadFile(ctx: WebContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const back = req.path.replace(/\/files$/, '');
    try {
      await receive(ctx, req, res);
    } catch (err) {
      const status = statusOf(err);
      if ([413, 415, 422].includes(status)) {
        res.redirect(303, `${back}?fileError=${status}`);
        return;
      }
      next(err);
      return;
    }
    res.redirect(303, `${back}?ok=file-attached#files`);
  };
}

/** GET /api/v1/entries/:id/files, /api/v1/items/:id/files */
export function apiListFiles(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ files: (await filesOf(scope(ctx, req), ownerOf(req))).map(fileJson) });
  };
}

/**
 * GET /files/:id: the file as an attachment, with its detected type and nosniff. `?inline=1` shows an
 * image or audio file in the page (the preview), never anything else.
 */
export function downloadFile(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { record, bytes } = await fileForDownload(scope(ctx, req), idParam(String(req.params.id), MSG.fileNotFound), req.user);
    const kind = ALLOWED_TYPES[record.type]?.kind;
    const inline = req.query.inline === '1' && (kind === 'image' || kind === 'audio');
    res.setHeader('Content-Type', record.type);
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('Content-Disposition', contentDisposition(record.name, { type: inline ? 'inline' : 'attachment' }));
    // A download cut short closes the file and ends here, quietly.
    await pipeline(bytes, res).catch(() => undefined);
  };
}
