import type { Request, Response } from 'express';
import multer from 'multer';
import { fmtSize } from '../domain/files.js';
import { MSG } from '../domain/messages.js';
import { HttpError } from '../services/errors.js';

/**
 * Receives one file (field `file`) of a multipart form into `dir`, with the other fields as text; the
 * upload limit, a missing file and a broken body come back as Vietnamese HTTP errors.
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
  if (!req.file) throw new HttpError(422, MSG.noFileChosen);
  return req.file;
}
