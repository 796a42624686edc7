import { suggestTopics, type UnclassifiedQuery, validateClassification } from '../domain/classify.js';
import type { ImportRecord } from '../domain/imports.js';
import { changedFields, type Entry, type FieldErrors, type Item, type Page, type Result } from '../domain/model.js';
import { toLocalIso } from '../domain/time.js';
import type { Raw } from '../domain/validation.js';
import { audit } from './audit.js';
import type { Scope } from './scope.js';
import { settingsOf, vocabularyOf } from './settings.js';

export interface UnclassifiedPage {
  page: Page<Item>;
  /** Each listed item's newest live airing or post (items never aired are left out). */
  lastAirings: Record<number, Entry>;
  /** The import filtered on, when one is. */
  importRecord: ImportRecord | null;
  /** Item id → the topics its title suggests (the topics' key words in the settings); items with none left out. */
  suggestions: Record<number, string[]>;
}

/** The live items without a topic that match a query (an import's: its items looked up), newest first, one page. */
export async function unclassifiedPage(scope: Scope, query: UnclassifiedQuery): Promise<Result<UnclassifiedPage>> {
  let importRecord: ImportRecord | null = null;
  if (query.importId !== null) {
    importRecord = await scope.commune.importRecord(query.importId);
    if (!importRecord) return { ok: false, errors: { importId: `Không tìm thấy lần nhập #${query.importId}.` } };
  }
  const page = await scope.commune.unclassifiedItems({ ...query.filter, ...(importRecord ? { itemIds: importRecord.itemIds } : {}) }, query.paging);
  const [lastAirings, settings] = await Promise.all([scope.commune.lastAirings(page.rows.map((i) => i.id)), settingsOf(scope)]);
  const suggestions: Record<number, string[]> = {};
  for (const item of page.rows) {
    const codes = suggestTopics(item.title, settings.topics);
    if (codes.length) suggestions[item.id] = codes;
  }
  return { ok: true, value: { page, lastAirings, importRecord, suggestions } };
}

/** The imports to filter on: those not undone, newest first (without their lists of ids). */
export async function importChoices(scope: Scope): Promise<ImportRecord[]> {
  return (await scope.commune.imports()).filter((i) => !i.undoneAt);
}

/**
 * Sets the same topics on many items (`{ itemIds, topics }`) in one transaction, each changed item with
 * its own audit record (`item.update`, topics before and after), as an edit records it. Any bad input,
 * an unknown topic or an item not found (or deleted), and nothing is stored. Returns how many changed.
 */
export async function classifyItems(scope: Scope, raw: Raw, actor: string): Promise<Result<{ changed: number; itemIds: number[] }>> {
  const checked = validateClassification(raw, await vocabularyOf(scope));
  if (!checked.ok) return checked;
  const { itemIds, topics } = checked.value;
  return scope.commune.transaction(async (tx) => {
    const found: Item[] = [];
    const missing: number[] = [];
    for (const id of itemIds) {
      const item = await tx.item(id);
      if (!item || item.deletedAt) missing.push(id);
      else found.push(item);
    }
    if (missing.length) {
      const errors: FieldErrors = { itemIds: `Không tìm thấy tin bài ${missing.map((id) => `#${id}`).join(', ')} (có thể đã bị xóa). Chưa lưu gì; vui lòng tải lại trang.` };
      return { ok: false, errors };
    }
    const now = toLocalIso(scope.clock());
    let changed = 0;
    for (const old of found) {
      const next: Item = { ...old, topics: [...topics], updatedAt: now, updatedBy: actor };
      const diff = changedFields<Item>(old, next, ['topics']);
      if (!diff) continue;
      await tx.replaceItem(next);
      await audit(tx, scope, actor, 'item.update', { type: 'item', id: old.id }, diff);
      changed++;
    }
    return { ok: true, value: { changed, itemIds } };
  });
}
