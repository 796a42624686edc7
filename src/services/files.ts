import { MSG } from '../domain/messages.js';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { User } from '../domain/auth.js';
import { ACCEPTED_DESCRIPTION, ALLOWED_TYPES, cleanCaption, type FileRecord, safeFileName } from '../domain/files.js';
import { isLive } from '../domain/model.js';
import type { FileWithOwner } from '../storage/port.js';
import { audit } from './audit.js';
import { Invalid, NotFound, notFound } from './errors.js';
import type { Scope } from './scope.js';
import { toLocalIso } from '../domain/time.js';

type Owner = FileRecord['owner'];

/** The owner of an attachment, live, or 404. */
export async function liveOwner(scope: Scope, owner: Owner): Promise<Owner> {
  if (owner.type === 'item') {
    const item = await scope.commune.item(owner.id);
    if (!item || item.deletedAt) throw notFound(MSG.itemNotFound);
  } else {
    const entry = await scope.commune.entry(owner.id);
    if (!entry || !isLive(entry)) throw notFound(MSG.entryNotFound);
  }
  return owner;
}

/** The files attached to a live owner. */
export async function filesOf(scope: Scope, owner: Owner): Promise<FileRecord[]> {
  return scope.commune.filesOf(await liveOwner(scope, owner));
}

/**
 * Keeps an uploaded file (already received into a temporary file) as evidence of a live item or
 * entry: its type is checked from its bytes, its bytes kept once by content, and the attachment
 * recorded with its audit record. A refused file raises 415/422 and nothing is kept.
 */
export async function attachFile(scope: Scope, owner: Owner, upload: { path: string; originalName: string; size: number }, rawCaption: unknown, actor: string): Promise<FileRecord> {
  await liveOwner(scope, owner);
  if (upload.size === 0) throw new Invalid(MSG.fileEmpty);
  const { fileTypeFromFile } = await import('file-type');
  const detected = await fileTypeFromFile(upload.path);
  const allowed = detected ? ALLOWED_TYPES[detected.mime] : undefined;
  if (!detected || !allowed) throw new Invalid(`Loại tệp này không được nhận. Chỉ nhận ${ACCEPTED_DESCRIPTION}; loại tệp được xác định từ nội dung tệp, không theo tên.`, true);
  const { sha256, size } = await scope.storage.blobs.put(createReadStream(upload.path));
  const fields = { owner, sha256, name: safeFileName(upload.originalName, allowed.ext), type: detected.mime, size, caption: cleanCaption(rawCaption) };
  return scope.commune.transaction(async (tx) => {
    const record = await tx.createFile({ ...fields, createdAt: toLocalIso(scope.clock()), createdBy: actor });
    await audit(tx, scope, actor, 'file.attach', { type: owner.type, id: owner.id }, { after: { file: record.id, name: record.name, sha256: record.sha256, size: record.size } });
    return record;
  });
}

/**
 * A file to download with its bytes. A file of a deleted record is hidden like the record itself:
 * only admins, who can restore it, get it. Bytes gone from the disk answer 410.
 */
export async function fileForDownload(scope: Scope, id: number, user: User | undefined): Promise<{ record: FileWithOwner; bytes: Readable }> {
  const record = await scope.commune.file(id);
  if (!record || (!record.ownerLive && user?.role !== 'admin')) throw notFound(MSG.fileNotFound);
  const bytes = await scope.storage.blobs.open(record.sha256);
  if (!bytes) throw new NotFound(MSG.fileGone, true);
  return { record, bytes };
}
