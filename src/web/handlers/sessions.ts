import type { Request, Response } from 'express';
import type { FieldErrors, Item } from '../../domain/model.js';
import { type Duplicate } from '../../services/duplicates.js';
import { liveSlot, lastSessionOf, slotDay, slotsOfDay } from '../../services/schedule.js';
import { recordSession } from '../../services/sessions.js';
import type { Scope } from '../../services/scope.js';
import { fmtDate, fmtTime, localToday, toLocalIso } from '../../domain/time.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';
import { applyEdit, blankRowLike, formErrors, readSessionForm, rowOfItem, type SessionValues, sessionBody } from '../session-form.js';

const BLANK_ROWS = 3;
/** How far back "Lặp lại buổi trước" looks for the slot's last logged session. */
const REPEAT_LOOK_BACK_DAYS = 14;

/** The items the rows name, to show them chosen and to offer them for reuse. */
async function itemsOf(s: Scope, values: SessionValues, duplicates: Duplicate[]): Promise<Map<number, Item>> {
  const ids = new Set<number>();
  for (const r of values.rows) if (typeof r.itemId === 'string' && /^\d{1,15}$/.test(r.itemId)) ids.add(Number(r.itemId));
  for (const d of duplicates) if (d.itemId) ids.add(d.itemId);
  const found = await Promise.all([...ids].map((id) => s.commune.item(id)));
  return new Map(found.filter((i): i is Item => !!i && !i.deletedAt).map((i) => [i.id, i]));
}

async function renderSession(ctx: WebContext, req: Request, res: Response, values: SessionValues, errors: FieldErrors, duplicates: Duplicate[] = [], status = 200, note = ''): Promise<void> {
  const s = scope(ctx, req);
  const items = await itemsOf(s, values, duplicates);
  const last = await s.commune.lastAirings([...items.keys()]);
  const byRow = new Map<number, Duplicate>();
  for (const d of duplicates) byRow.set(d.row, d);
  res.status(status).render('sessions/new', {
    title: 'Ghi buổi phát',
    values,
    errors,
    items,
    last,
    duplicates: byRow,
    today: await slotsOfDay(s),
    note,
  });
}

/**
 * Fresh values: a slot's planned items (or its last session's, with `repeat`), or blank rows; and a
 * note when there was no last session to repeat.
 */
async function sessionDefaults(s: Scope, user: string, query: Request['query']): Promise<{ values: SessionValues; note: string }> {
  let note = '';
  const local = toLocalIso(s.clock());
  const lastEntry = await s.commune.lastEntryBy(user);
  const values: SessionValues = { channel: lastEntry?.channel ?? 'radio', date: fmtDate(local), time: fmtTime(local), note: '', slotId: '', rows: [] };
  const slotId = typeof query.slot === 'string' && /^\d{1,15}$/.test(query.slot) ? Number(query.slot) : null;
  if (slotId !== null) {
    const slot = await liveSlot(s, slotId);
    const day = localToday(s.clock());
    values.channel = slot.channel;
    values.time = slot.start;
    values.slotId = String(slot.id);
    if (query.repeat === '1') {
      const entries = await lastSessionOf(s, slot, day, REPEAT_LOOK_BACK_DAYS);
      const items = await Promise.all(entries.map((e) => s.commune.item(e.itemId)));
      entries.forEach((e, i) => {
        const item = items[i];
        if (item && !item.deletedAt) values.rows.push(rowOfItem(item, e.playCount, e));
      });
    }
    if (!values.rows.length) {
      const planned = (await slotDay(s, slot, day)).planned;
      for (const p of planned) values.rows.push(rowOfItem(p.item, p.playCount, p.lastAiring));
      if (query.repeat === '1') note = `Chưa có buổi trước để lặp lại: buổi ${slot.start} "${slot.name}" chưa được ghi lần nào trong ${REPEAT_LOOK_BACK_DAYS} ngày qua. ${planned.length ? `Đã điền ${planned.length} tin bài dự kiến của buổi.` : 'Hãy điền các tin bài của buổi này.'}`;
    }
  }
  // Blank rows take the format, unit and topics of what this user logged last.
  const seed = lastEntry ? rowOfItem(lastEntry.item, 1, null) : undefined;
  if (!values.rows.length) for (let i = 0; i < BLANK_ROWS; i++) values.rows.push(blankRowLike(seed));
  return { values, note };
}

/** GET /sessions/new: the session form, blank, for a slot (`?slot=`), or repeating its last session (`&repeat=1`). */
export function showSessionForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const { values, note } = await sessionDefaults(scope(ctx, req), actorOf(req), req.query);
    await renderSession(ctx, req, res, values, {}, [], 200, note);
  };
}

/** POST /sessions/new: an edit of the rows (add, remove, move, reuse an item) for browsers without JavaScript. */
export function editSessionForm(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = readSessionForm(body);
    const action = typeof body.edit === 'string' ? body.edit : '';
    const reuse = /^reuse:\d+:(\d+)$/.exec(action);
    const items = reuse ? await itemsOf(scope(ctx, req), { ...values, rows: [{ itemId: reuse[1]! }] }, []) : new Map<number, Item>();
    await renderSession(ctx, req, res, applyEdit(values, action, items), {});
  };
}

/** POST /sessions: stores the whole session, or re-renders it as typed with each row's message. */
export function createSession(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const values = readSessionForm((req.body ?? {}) as Record<string, unknown>);
    const { raw, kept } = sessionBody(values);
    const result = await recordSession(scope(ctx, req), raw, actorOf(req));
    if (!result.ok) {
      const duplicates = (result.duplicates ?? []).map((d) => ({ ...d, row: kept[d.row] ?? d.row }));
      await renderSession(ctx, req, res, values, formErrors(result.errors, kept), duplicates, duplicates.length ? 409 : 422);
      return;
    }
    // The day's log of the channel, the saved entries shown first, in airing order.
    const first = result.value[0]!.entry;
    const session = result.value.map((r) => r.entry.id).join('.');
    res.redirect(303, `/entries?${new URLSearchParams({ from: first.at.slice(0, 10), to: first.at.slice(0, 10), channel: first.channel, session, ok: 'session-created' })}`);
  };
}

/** POST /api/v1/sessions */
export function apiCreateSession(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await recordSession(scope(ctx, req), jsonBody(req), actorOf(req));
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
