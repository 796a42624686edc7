import { changedFields, type FieldErrors, type Result } from '../domain/model.js';
import { editKeywords, editTerms, type Settings, validateCommune, validateExportSettings, validatePortalHost, validateTargets, vocabularyFrom } from '../domain/settings.js';
import type { Vocabulary } from '../domain/vocabulary.js';
import type { CommuneTx } from '../storage/port.js';
import { audit } from './audit.js';
import type { Scope } from './scope.js';

export type SettingsSection = 'commune' | 'units' | 'topics' | 'targets' | 'exports';

export const SETTINGS_SECTIONS: readonly SettingsSection[] = ['commune', 'units', 'topics', 'targets', 'exports'];

/** The commune's settings: those the scope read already (a request reads them once), or read now. */
export function settingsOf(scope: Scope): Promise<Settings> {
  return scope.once ? scope.once.get() : scope.commune.settings();
}

/** The vocabularies in force: fixed channels and formats, the commune's units and topics. */
export async function vocabularyOf(scope: Scope): Promise<Vocabulary> {
  return vocabularyFrom(await settingsOf(scope));
}

/** The settings page's reads: the settings, and the unit and topic codes items use (those are retired, never removed). */
export async function settingsWithCodesInUse(scope: Scope): Promise<{ settings: Settings; inUse: { units: string[]; topics: string[] } }> {
  const [settings, inUse] = await Promise.all([settingsOf(scope), scope.commune.codesInUse()]);
  return { settings, inUse };
}

/** The settings with one section changed as typed, or the errors; nothing is stored. */
function applySection(current: Settings, section: SettingsSection, raw: Record<string, unknown>, year: number): Result<Settings> {
  if (section === 'commune') {
    const r = validateCommune(raw);
    // The portal's address is on the same form; a caller that does not send it keeps the one set.
    const portal = raw.portalHost === undefined ? ({ ok: true, value: { portalHost: current.portalHost } } as const) : validatePortalHost(raw);
    if (!r.ok || !portal.ok) return { ok: false, errors: { ...(r.ok ? {} : r.errors), ...(portal.ok ? {} : portal.errors) } };
    return { ok: true, value: { ...current, ...r.value, ...portal.value } };
  }
  if (section === 'units') {
    const r = editTerms(current.units, { ...raw, listForm: true }, (code, label) => ({ code, label, retired: false }));
    return r.ok ? { ok: true, value: { ...current, units: r.value } } : r;
  }
  if (section === 'exports') {
    const r = validateExportSettings(raw);
    return r.ok ? { ok: true, value: { ...current, ...r.value } } : r;
  }
  if (section === 'topics') {
    const terms = editTerms(current.topics, { ...raw, listForm: true }, (code, label) => ({ code, label, description: label, retired: false }));
    // The key words' errors come with the names' errors, so the form shows them all at once.
    const keywords = editKeywords(terms.ok ? terms.value : current.topics, raw);
    if (!terms.ok || !keywords.ok) return { ok: false, errors: { ...(terms.ok ? {} : terms.errors), ...(keywords.ok ? {} : keywords.errors) } };
    return { ok: true, value: { ...current, topics: keywords.value } };
  }
  const r = validateTargets(raw, vocabularyFrom(current).channels.map((c) => c.code));
  return r.ok ? { ok: true, value: { ...current, targets: { ...current.targets, [String(year)]: r.value } } } : r;
}

/**
 * Changes one section of the settings (for `targets`, those of `year`), recording the top-level keys
 * that changed, before and after. Nothing is written when nothing changed.
 */
export async function updateSettingsSection(scope: Scope, section: SettingsSection, raw: Record<string, unknown>, year: number, actor: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  return scope.commune.transaction((tx) => changeSettingsSection(tx, scope, section, raw, year, actor));
}

/** `updateSettingsSection` inside a transaction of the caller's (the first start stores the admin with it). */
export async function changeSettingsSection(tx: CommuneTx, scope: Scope, section: SettingsSection, raw: Record<string, unknown>, year: number, actor: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const current = await tx.settings();
  const next = applySection(current, section, raw, year);
  if (!next.ok) return next;
  const diff = changedFields(current, next.value, Object.keys(next.value) as (keyof Settings)[]);
  if (!diff) return { ok: true };
  await tx.putSettings(next.value);
  await audit(tx, scope, actor, 'settings.update', { type: 'settings', id: 'settings' }, diff);
  return { ok: true };
}

/** Replaces the settings as a whole (scripts and tests), recording what changed. */
export async function replaceSettings(scope: Scope, next: Settings, actor: string): Promise<void> {
  await scope.commune.transaction(async (tx) => {
    const current = await tx.settings();
    const diff = changedFields(current, next, Object.keys(next) as (keyof Settings)[]);
    if (!diff) return;
    await tx.putSettings(next);
    await audit(tx, scope, actor, 'settings.update', { type: 'settings', id: 'settings' }, diff);
  });
}
