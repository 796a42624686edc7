import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer from 'multer';
import { fmtSize } from '../domain/files.js';
import { MSG } from '../domain/messages.js';
import { HttpError } from './errors.js';
import { checkPendingCsrf } from './csrf.js';

/**
 * Receives one file (field `file`) of a multipart form into `dir`, with the other fields as text; the
 * upload limit, a missing file and a broken body come back as Vietnamese HTTP errors; a form's CSRF
 * token (its `_csrf` field) is checked here, once the fields are read.
 */
export async function receiveOneFile(req: Request, res: Response, dir: string, limits: { fileSize: number; fields: number; fieldSize: number }): Promise<Express.Multer.File> {
  try {
    const upload = multer({ dest: dir, defParamCharset: 'utf8', limits: { ...limits, files: 1 } }).single('file');
    await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(err) : resolve())));
  } catch (err) {
    if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') throw new HttpError(413, MSG.fileTooLarge(fmtSize(limits.fileSize)));
    if (err instanceof multer.MulterError) throw new HttpError(422, MSG.uploadRefused(err.message));
    // A body that is not well-formed multipart (busboy's parse errors: a bad part header, a cut-off body).
    if (err instanceof Error && /^(Malformed|Unexpected end of form|Multipart: Boundary not found)/.test(err.message)) throw new HttpError(400, MSG.uploadBroken);
    throw err;
  }
  // The form's token is one of its fields: checked now that they are read, before the file is used.
  checkPendingCsrf(req);
  if (!req.file) throw new HttpError(422, MSG.noFileChosen);
  return req.file;
}

const HOUR_MS = 3600 * 1000;

/**
 * Removes what uploads left in the upload folder: spreadsheets held for an import (`import-…`) after a
 * day, any other upload's folder after an hour (one in progress takes minutes at most, so what is older
 * was cut off by a crash). The folder is shared by the processes of a machine on PostgreSQL, so it is
 * never emptied whole. Returns how many entries went.
 */
export async function sweepUploads(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const full = path.join(dir, name);
    const info = await stat(full).catch(() => null);
    if (info && now - info.mtimeMs > (name.startsWith('import-') ? 24 : 1) * HOUR_MS) {
      await rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
