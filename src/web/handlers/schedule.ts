import type { Request, Response } from 'express';
import type { FieldErrors } from '../../domain/model.js';
import { type Slot, WEEKDAYS } from '../../domain/schedule.js';
import { idParam, jsonBody } from '../request.js';
import { createSlot, deleteSlot, liveSlot, slotsOfDay, updateSlot } from '../../services/schedule.js';
import { planChoices, planItems, schedulePage, slotsOf } from '../../services/schedule-pages.js';
import { MSG } from '../../domain/messages.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { checkedItemIds, formErrors, newRowCount, slotRaw, type SlotFormValues, slotValues } from '../slot-form.js';

type FormValues = SlotFormValues;

const slotId = (req: Request): number => idParam(req.params.id as string, MSG.slotGone);

async function renderSchedule(ctx: WebContext, req: Request, res: Response, values: FormValues, errors: FieldErrors, status = 200): Promise<void> {
  res.status(status).render('schedule/index', { title: 'Lịch phát sóng', ...(await schedulePage(scope(ctx, req))), values, errors, weekdays: WEEKDAYS });
}

async function renderEdit(ctx: WebContext, req: Request, res: Response, slot: Slot, values: FormValues, errors: FieldErrors, status = 200): Promise<void> {
  const s = scope(ctx, req);
  const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
  const kept = Object.keys(values).filter((k) => /^plans\.\d+\.itemId$/.test(k)).map((k) => ({ itemId: Number(values[k]), from: null, to: null, playCount: 1 }));
  const planned = new Set(Object.keys(values).filter((k) => /^plans\.\d+\.itemId$/.test(k) && !values[k.replace('itemId', 'remove')]).map((k) => Number(values[k])));
  const [items, choices] = await Promise.all([planItems(s, [slot, { plans: kept }]), planChoices(s, slot, { planned, checked: checkedItemIds(values).map(Number), q })]);
  res.status(status).render('schedule/edit', { title: 'Sửa buổi phát', slot, values, errors, weekdays: WEEKDAYS, items, q, newRows: newRowCount(values), ...choices });
}

/** GET /schedule */
export function showSchedule(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await renderSchedule(ctx, req, res, { days: ['1', '2', '3', '4', '5', '6', '7'], channel: 'radio' }, {});
  };
}

/** POST /schedule: adds a slot. */
export function addSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as FormValues;
    const result = await createSlot(scope(ctx, req), slotRaw(body).raw, actorOf(req));
    if (!result.ok) return renderSchedule(ctx, req, res, body, result.errors, 422);
    res.redirect(303, `/schedule?ok=slot-created`);
  };
}

/** GET /schedule/:id/edit */
export function showEditSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const slot = await liveSlot(scope(ctx, req), slotId(req));
    await renderEdit(ctx, req, res, slot, slotValues(slot), {});
  };
}

/** POST /schedule/:id/edit */
export function editSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const s = scope(ctx, req);
    const slot = await liveSlot(s, slotId(req));
    const body = (req.body ?? {}) as FormValues;
    // "Thêm dòng" shows one more new-item row, everything typed kept; nothing is saved yet.
    if (body.edit === 'more') return renderEdit(ctx, req, res, slot, { ...body, newRows: String(newRowCount(body, true)) }, {});
    const { raw, origins } = slotRaw(body);
    const result = await updateSlot(s, slot.id, raw, actorOf(req));
    if (!result.ok) return renderEdit(ctx, req, res, slot, body, formErrors(result.errors, origins), 422);
    res.redirect(303, `/schedule?ok=slot-updated`);
  };
}

/** POST /schedule/:id/delete */
export function removeSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    await deleteSlot(scope(ctx, req), slotId(req), actorOf(req));
    res.redirect(303, '/schedule?ok=slot-deleted');
  };
}

const slotJson = (slot: Slot): Record<string, unknown> => {
  const { deletedAt, deletedBy, ...rest } = slot;
  return { ...rest, ...(deletedAt ? { deletedAt, deletedBy } : {}) };
};

/** GET /api/v1/schedule */
export function apiListSlots(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json({ slots: (await slotsOf(scope(ctx, req))).map(slotJson) });
  };
}

/** POST /api/v1/schedule */
export function apiCreateSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await createSlot(scope(ctx, req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.status(201).location(`/api/v1/schedule/${result.value.id}`).json(slotJson(result.value));
  };
}

/** PATCH /api/v1/schedule/:id: the fields given replace the slot's. */
export function apiPatchSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const result = await updateSlot(scope(ctx, req), slotId(req), jsonBody(req), actorOf(req));
    if (!result.ok) {
      res.status(422).json({ errors: result.errors });
      return;
    }
    res.json(slotJson(result.value));
  };
}

/** DELETE /api/v1/schedule/:id */
export function apiDeleteSlot(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.json(slotJson(await deleteSlot(scope(ctx, req), slotId(req), actorOf(req))));
  };
}

/** GET /api/v1/schedule/today: today's slots, their planned items and whether each has been logged. */
export function apiToday(ctx: WebContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const days = await slotsOfDay(scope(ctx, req));
    res.json({
      slots: days.map((d) => ({
        ...slotJson(d.slot),
        date: d.date,
        logged: d.logged > 0,
        loggedEntries: d.logged,
        planned: d.planned.map((p) => ({ itemId: p.item.id, title: p.item.title, format: p.item.format, unit: p.item.unit, playCount: p.playCount, durationSeconds: p.lastAiring?.durationSeconds ?? null })),
      })),
    });
  };
}
