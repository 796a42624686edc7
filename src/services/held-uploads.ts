import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFound } from './errors.js';
import { isAnalysisFile } from './import-analyses.js';

/**
 * An uploaded spreadsheet kept for its preview and its import: `<heldDir>/import-<token>/<file>`,
 * beside `owner.json` (who uploaded it, for which commune) and what its preview found (see
 * `import-analyses.ts`). The held folder is one every process of the deployment reads
 * (`FILES_DIR/held` on PostgreSQL), so the import may land on any process.
 */
export interface HeldUpload {
  token: string;
  /** The folder it waits in, with its owner and its analysis. */
  folder: string;
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

/** A file name as kept and shown: no control characters or slashes, at most 200 characters. */
const cleanName = (name: string): string => name.replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200);

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A new folder for an upload of `owner`'s, under `heldDir`; the file is received into it next. */
export async function newHeldFolder(heldDir: string, owner: UploadOwner): Promise<{ token: string; folder: string }> {
  await mkdir(heldDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(16).toString('hex');
  const folder = path.join(heldDir, `import-${token}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path.join(folder, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
  return { token, folder };
}

/** The upload received into a held folder, named as sent (or "tep-nhap"). */
export async function heldFile(held: { token: string; folder: string }, file: string, originalName: string): Promise<HeldUpload> {
  return { ...held, file, name: cleanName(originalName || 'tep-nhap'), sha256: await sha256Of(file) };
}

/**
 * A held upload by its token, or null when it is gone (imported, swept, or never was). Another
 * account's upload, or one made for another commune, is not found, as if it had never been.
 */
export async function heldUpload(heldDir: string, token: string, name: string, owner: UploadOwner): Promise<HeldUpload | null> {
  if (!isToken(token)) return null;
  const folder = path.join(heldDir, `import-${token}`);
  const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f !== OWNER_FILE && !isAnalysisFile(f));
  if (files.length !== 1) return null;
  const stored = await readFile(path.join(folder, OWNER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as UploadOwner)
    .catch(() => null);
  if (!stored || stored.username !== owner.username || stored.commune !== owner.commune) throw new NotFound('Không tìm thấy tệp đã tải lên này.');
  const file = path.join(folder, files[0]!);
  return { token, folder, file, name: cleanName(name) || 'tep-nhap', sha256: await sha256Of(file) };
}

/** Deletes a held upload, and its analysis with it. */
export async function dropUpload(held: Pick<HeldUpload, 'folder'>): Promise<void> {
  await rm(held.folder, { recursive: true, force: true });
}
