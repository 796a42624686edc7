import { rm } from 'node:fs/promises';
import type { Request, Response } from 'express';
import { type HeldUpload, heldFile, newHeldFolder, type UploadOwner } from '../services/held-uploads.js';
import type { WebContext } from './context.js';
import { receiveOneFile, sweepUploads } from './upload.js';

/**
 * Receives one spreadsheet (field `file`; other fields as text) into a held folder of its own (see
 * `services/held-uploads.ts`), kept until it is imported or a day has passed. Refused uploads leave nothing.
 */
export async function receiveSpreadsheet(ctx: WebContext, req: Request, res: Response, owner: UploadOwner): Promise<HeldUpload> {
  await sweepUploads(ctx.heldDir);
  const held = await newHeldFolder(ctx.heldDir, owner);
  try {
    const file = await receiveOneFile(req, res, held.folder, { fileSize: ctx.uploadLimitBytes, fields: 40, fieldSize: 20_000 });
    return await heldFile(held, file.path, file.originalname);
  } catch (err) {
    await rm(held.folder, { recursive: true, force: true });
    throw err;
  }
}
