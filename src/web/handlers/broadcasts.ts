import type { Request, Response } from 'express';
import type { FieldErrors, Item } from '../../domain/model.js';
import { type Duplicate } from '../../services/duplicates.js';
import { slotsOfDay } from '../../services/schedule.js';
import { recordBroadcast, REPEAT_LOOK_BACK_DAYS, broadcastItems, broadcastStart } from '../../services/broadcasts.js';
import type { Scope } from '../../services/scope.js';
import { fmtDate, fmtTime, toLocalIso } from '../../domain/time.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';
import { applyEdit, blankRowLike, formErrors, readBroadcastForm, rowOfItem, type BroadcastValues, broadcastBody } from '../broadcast-form.js';

const BLANK_ROWS = 3;

/** The ids of the items the rows and the duplicates name. */
function itemIdsOf(values: BroadcastValues, duplicates: Duplicate[]): number[] {
  const ids = values.rows.flatMap((r) => (typeof r.itemId === 'string' && /^\d{1,15}$/.test(r.itemId) ? [Number(r.itemId)] : []));
  return [...ids, ...duplicates.flatMap((d) => (d.itemId ? [d.itemId] : []))];
}

async function renderBroadcast(ctx: WebContext, req: Request, res: Response, values: BroadcastValues, errors: FieldErrors, duplicates: Duplicate[] = [], status = 200, note = ''): Promise<void> {
  const s = scope(ctx, req);
  const [{ items, last }, today] = await Promise.all([broadcastItems(s, itemIdsOf(values, duplicates)), slotsOfDay(s)]);
  const byRow = new Map(duplicates.map((d) => [d.row, d]));
  res.status(status).render('broadcasts/new', { title: 'Ghi buổi phát', values, errors, items, last, duplicates: byRow, today, note });
}

/**
 * Fresh values: a slot's planned items (or its last broadcast's, with `repeat`), or blank rows; and a
 * note when there was no last broadcast to repeat.
 */
async function broadcastDefaults(s: Scope, user: string, query: Request['query']): Promise<{ values: BroadcastValues; note: string }> {
  const local = toLocalIso(s.clock());
  const repeat = query.repeat === '1';
  const start = await broadcastStart(s, user, { slotId: typeof query.slot === 'string' && /^\d{1,15}$/.test(query.slot) ? Number(query.slot) : null, repeat });
  const { lastEntry, slot } = start;
  const values: BroadcastValues = { channel: slot?.channel ?? lastEntry?.channel ?? 'radio', date: fmtDate(local), time: slot?.start ?? fmtTime(local), note: '', slotId: slot ? String(slot.id) : '', rows: start.rows.map((r) => rowOfItem(r.item, r.playCount, r.lastAiring)) };
  const planned = start.rows.length;
  const note = slot && repeat && !start.repeated ? `Chưa có buổi trước để lặp lại: buổi ${slot.start} "${slot.name}" chưa được ghi lần nào trong ${REPEAT_LOOK_BACK_DAYS} ngày qua. ${planned ? `Đã điền ${planned} tin bài dự kiến của buổi.` : 'Hãy điền các tin bài của buổi này.'}` : '';
  // Blank rows take the format, unit and topics of what this user logged last.
  const seed = lastEntry ? rowOfItem(lastEntry.item, 1, null) : undefined;
  if (!values.rows.length) for (let i = 0; i < BLANK_ROWS; i++) values.rows.push(blankRowLike(seed));
  return { values, note };
}

/** GET /sessions/new: the broadcast form, blank, for a slot (`?slot=`), or repeating its last broadcast (`&repeat=1`). */
export function showBroadcastForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { values, note } = await broadcastDefaults(scope(ctx, req), actorOf(req), req.query);
    await renderBroadcast(ctx, req, res, values, {}, [], 200, note);
  };
}

/** POST /sessions/new: an edit of the rows (add, remove, move, reuse an item) for browsers without JavaScript. */
export function editBroadcastForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = readBroadcastForm(body);
    const action = typeof body.edit === 'string' ? body.edit : '';
    const reuse = /^reuse:\d+:(\d+)$/.exec(action);
    const items = reuse ? (await broadcastItems(scope(ctx, req), [Number(reuse[1])])).items : new Map<number, Item>();
    await renderBroadcast(ctx, req, res, applyEdit(values, action, items), {});
  };
}

/** POST /sessions: stores the whole broadcast, or re-renders it as typed with each row's message. */
export function createBroadcast(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const values = readBroadcastForm((req.body ?? {}) as Record<string, unknown>);
    const { raw, kept } = broadcastBody(values);
    const result = await recordBroadcast(scope(ctx, req), raw, actorOf(req));
    if (!result.ok) {
      const duplicates = (result.duplicates ?? []).map((d) => ({ ...d, row: kept[d.row] ?? d.row }));
      await renderBroadcast(ctx, req, res, values, formErrors(result.errors, kept), duplicates, duplicates.length ? 409 : 422);
      return;
    }
    // The day's log of the channel, the saved entries shown first, in airing order.
    const first = result.value[0]!.entry;
    const ids = result.value.map((r) => r.entry.id).join('.');
    res.redirect(303, `/entries?${new URLSearchParams({ from: first.at.slice(0, 10), to: first.at.slice(0, 10), channel: first.channel, session: ids, ok: 'session-created' })}`);
  };
}

/** POST /api/v1/sessions */
export function apiCreateBroadcast(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await recordBroadcast(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      if (result.duplicates?.length) res.status(409).json({ errors: result.errors, duplicates: result.duplicates });
      else res.status(422).json({ errors: result.errors });
      return;
    }
    res.status(201).json({
      entries: result.value.map(({ entry, item, createdItem }) => ({ id: entry.id, itemId: item.id, createdItem, channel: entry.channel, at: entry.at, playCount: entry.playCount, durationSeconds: entry.durationSeconds })),
    });
  };
}
