import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import { notFound } from '../services/errors.js';
import type { WebContext } from './context.js';
import { isAnalysisFile } from './import-analyses.js';
import { receiveOneFile, sweepUploads } from './upload.js';

/**
 * An uploaded spreadsheet kept for its preview and its import: `<heldDir>/import-<token>/<file>`,
 * beside `owner.json` (who uploaded it, for which commune) and what its preview found (see
 * `import-analyses.ts`). The held folder is one every process of
 * the deployment reads (`FILES_DIR/held` on PostgreSQL), so the import may land on any process.
 */
export interface HeldUpload {
  token: string;
  file: string;
  name: string;
  sha256: string;
}

/** Whose a held upload is: only the account that uploaded it, working in the same commune, may use it. */
export interface UploadOwner {
  username: string;
  commune: string;
}

const OWNER_FILE = 'owner.json';

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
export async function receiveSpreadsheet(ctx: WebContext, req: Request, res: Response, owner: UploadOwner): Promise<HeldUpload> {
  await mkdir(ctx.heldDir, { recursive: true, mode: 0o700 });
  await sweepUploads(ctx.heldDir);
  const token = randomBytes(16).toString('hex');
  const dir = path.join(ctx.heldDir, `import-${token}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path.join(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
    const file = await receiveOneFile(req, res, dir, { fileSize: ctx.uploadLimitBytes, fields: 40, fieldSize: 20_000 });
    const name = (file.originalname || 'tep-nhap').replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200);
    return { token, file: file.path, name, sha256: await sha256Of(file.path) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A held upload by its token, or null when it is gone (imported, swept, or never was). Another
 * account's upload, or one made for another commune, is answered 404 as if it had never been.
 */
export async function heldUpload(ctx: WebContext, token: string, name: string, owner: UploadOwner): Promise<HeldUpload | null> {
  if (!isToken(token)) return null;
  const dir = path.join(ctx.heldDir, `import-${token}`);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f !== OWNER_FILE && !isAnalysisFile(f));
  if (files.length !== 1) return null;
  const stored = await readFile(path.join(dir, OWNER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as UploadOwner)
    .catch(() => null);
  if (!stored || stored.username !== owner.username || stored.commune !== owner.commune) throw notFound('Không tìm thấy tệp đã tải lên này.');
  const file = path.join(dir, files[0]!);
  return { token, file, name: name.replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200) || 'tep-nhap', sha256: await sha256Of(file) };
}

/** The folder a held upload waits in, with its owner and its analysis. */
export const heldFolder = (ctx: WebContext, held: HeldUpload): string => path.join(ctx.heldDir, `import-${held.token}`);

/** Deletes a held upload, and its analysis with it. */
export async function dropUpload(ctx: WebContext, held: HeldUpload): Promise<void> {
  await rm(heldFolder(ctx, held), { recursive: true, force: true });
}
