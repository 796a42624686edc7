import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import type { WebContext } from './context.js';
import { receiveOneFile, sweepUploads } from './upload.js';

/** An uploaded spreadsheet kept for its preview and its import: `<uploadDir>/import-<token>/<file>`. */
export interface HeldUpload {
  token: string;
  file: string;
  name: string;
  sha256: string;
}

const isToken = (t: string): boolean => /^[0-9a-f]{32}$/.test(t);

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Receives one spreadsheet (field `file`; other fields as text) into a folder of its own and keeps
 * it until it is imported or a day has passed. Refused uploads leave nothing.
 */
export async function receiveSpreadsheet(ctx: WebContext, req: Request, res: Response): Promise<HeldUpload> {
  await mkdir(ctx.uploadDir, { recursive: true, mode: 0o700 });
  await sweepUploads(ctx.uploadDir);
  const token = randomBytes(16).toString('hex');
  const dir = path.join(ctx.uploadDir, `import-${token}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    const file = await receiveOneFile(req, res, dir, { fileSize: ctx.uploadLimitBytes, fields: 40, fieldSize: 20_000 });
    const name = (file.originalname || 'tep-nhap').replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200);
    return { token, file: file.path, name, sha256: await sha256Of(file.path) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A held upload by its token, or null when it is gone (imported, swept, or never was). */
export async function heldUpload(ctx: WebContext, token: string, name: string): Promise<HeldUpload | null> {
  if (!isToken(token)) return null;
  const dir = path.join(ctx.uploadDir, `import-${token}`);
  const files = await readdir(dir).catch(() => [] as string[]);
  if (files.length !== 1) return null;
  const file = path.join(dir, files[0]!);
  return { token, file, name: name.replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200) || 'tep-nhap', sha256: await sha256Of(file) };
}

/** Deletes a held upload. */
export async function dropUpload(ctx: WebContext, held: HeldUpload): Promise<void> {
  await rm(path.join(ctx.uploadDir, `import-${held.token}`), { recursive: true, force: true });
}
