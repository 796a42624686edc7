import type { FieldErrors } from '../domain/model.js';
import { KEY_FIELDS, type KeyField, keysAudit, type KeysStatus, keysStatus, readKeysForm } from '../domain/platform-keys.js';
import type { Sealer } from '../security/sealing.js';
import { audit } from './audit.js';
import type { PlatformAccess } from './platforms/access.js';
import type { Scope } from './scope.js';

/** A sealed key is bound to its commune and its field: moved elsewhere, it does not open. */
const contextOf = (scope: Scope, field: KeyField): string => `${scope.commune.code}/${field}`;

/** What the settings show of a commune's keys: which are saved (never their values). */
export async function platformKeysStatus(scope: Scope): Promise<KeysStatus> {
  return keysStatus(await scope.commune.platformKeys());
}

/**
 * Saves the keys form: new secrets sealed, removed ones dropped, the Page id set. The audit record
 * says which keys were saved, replaced or removed, never their values. Nothing is stored on an error.
 */
export async function changePlatformKeys(scope: Scope, sealer: Sealer, raw: Record<string, unknown>, actor: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const read = readKeysForm(raw);
  if (!read.ok) return read;
  const change = read.value;
  await scope.commune.transaction(async (tx) => {
    const before = await tx.platformKeys();
    const diff = keysAudit(before, change);
    if (!diff) return;
    const next = { ...before };
    for (const field of KEY_FIELDS) {
      const plain = change.set[field];
      if (plain !== undefined) next[field] = sealer.seal(plain, contextOf(scope, field));
      else if (change.remove.includes(field)) next[field] = null;
    }
    if (change.facebookPageId !== undefined) next.facebookPageId = change.facebookPageId;
    await tx.putPlatformKeys(next);
    await audit(tx, scope, actor, 'platform-keys.update', { type: 'settings', id: 'platform-keys' }, diff);
  });
  return { ok: true };
}

/** A commune's keys opened for a refresh; a key that no longer opens (the session secret changed) is listed apart. */
export interface OpenKeys {
  youtube: string | null;
  /** Whether the YouTube key is the deployment's (YOUTUBE_API_KEY). */
  youtubeShared: boolean;
  facebook: string | null;
  facebookPageId: string | null;
  zalo: string | null;
  unreadable: KeyField[];
}

/** Opens a commune's keys for the refresh (in memory only, never stored or logged in clear). */
export async function openPlatformKeys(scope: Scope, access: PlatformAccess): Promise<OpenKeys> {
  const stored = await scope.commune.platformKeys();
  const unreadable: KeyField[] = [];
  const open = (field: KeyField): string | null => {
    const sealed = stored[field];
    if (sealed === null) return null;
    const plain = access.sealer.open(sealed, contextOf(scope, field));
    if (plain === null) unreadable.push(field);
    return plain;
  };
  const own = open('youtubeApiKey');
  return { youtube: own ?? access.youtubeApiKey, youtubeShared: own === null && access.youtubeApiKey !== null, facebook: open('facebookToken'), facebookPageId: stored.facebookPageId, zalo: open('zaloToken'), unreadable };
}
