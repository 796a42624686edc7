import { type FieldErrors, type Result } from '../domain/model.js';
import { toLocalIso } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';
import { linkKey, MAX_PLACES, validatePlace, type WatchPlace } from '../domain/watch.js';
import { audit, pick } from './audit.js';
import { notFound } from './errors.js';
import type { Scope } from './scope.js';
import { vocabularyOf } from './settings.js';

const AUDITED: (keyof WatchPlace)[] = ['url', 'kind', 'categoryId', 'channel', 'format', 'topics', 'unit', 'autoLog'];

/** The places the commune's posts are watched at. */
export function placesOf(scope: Scope): Promise<WatchPlace[]> {
  return scope.commune.watchPlaces();
}

/** Adds a place to watch (admins), audited; bad input, a place already watched, or one too many come back as field errors. */
export async function addPlace(scope: Scope, raw: Raw, actor: string): Promise<Result<WatchPlace>> {
  const checked = validatePlace(raw, await vocabularyOf(scope));
  if (!checked.ok) return checked;
  const fields = checked.value;
  return scope.commune.transaction(async (tx) => {
    const places = await tx.watchPlaces();
    const errors: FieldErrors = {};
    if (places.some((p) => linkKey(p.url) === linkKey(fields.url) && p.kind === fields.kind && p.categoryId === fields.categoryId)) errors.url = 'Nơi này đã được theo dõi.';
    else if (places.length >= MAX_PLACES) errors.url = `Mỗi xã, phường theo dõi tối đa ${MAX_PLACES} nơi; hãy bỏ bớt nơi không dùng.`;
    if (Object.keys(errors).length) return { ok: false, errors };
    const now = toLocalIso(scope.clock());
    const place = await tx.createWatchPlace({ ...fields, createdAt: now, createdBy: actor, deletedAt: null, deletedBy: null, checkedAt: null, error: null });
    await audit(tx, scope, actor, 'watch.place.create', { type: 'watch-place', id: place.id }, { after: pick(place, AUDITED) });
    return { ok: true, value: place };
  });
}

/** Stops watching a place (admins), audited; the posts found there stay where they are. 404 when there is no such live place. */
export async function removePlace(scope: Scope, id: number, actor: string): Promise<WatchPlace> {
  return scope.commune.transaction(async (tx) => {
    const place = await tx.watchPlace(id);
    if (!place || place.deletedAt) throw notFound('Không tìm thấy nơi theo dõi này (có thể đã được bỏ).');
    const now = toLocalIso(scope.clock());
    const next: WatchPlace = { ...place, deletedAt: now, deletedBy: actor };
    await tx.replaceWatchPlace(next);
    await audit(tx, scope, actor, 'watch.place.delete', { type: 'watch-place', id }, { before: pick(place, AUDITED) });
    return next;
  });
}
