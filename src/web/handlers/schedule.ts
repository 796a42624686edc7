import type { Request, Response } from 'express';
import type { FieldErrors, Item } from '../../domain/model.js';
import { type Slot, WEEKDAYS } from '../../domain/schedule.js';
import { fmtDate } from '../../domain/time.js';
import type { Raw } from '../../domain/validation.js';
import { idParam } from '../../services/errors.js';
import { createSlot, deleteSlot, liveSlot, slotsOfDay, updateSlot } from '../../services/schedule.js';
import type { Scope } from '../../services/scope.js';
import { MSG } from '../../domain/messages.js';
import { actorOf } from '../auth.js';
import { scope, type WebContext } from '../context.js';
import { jsonBody } from '../request.js';

type FormValues = Record<string, unknown>;

const slotId = (req: Request): number => idParam(req.params.id as string, MSG.slotGone);

/** The slot's form values (strings, as a form holds them). */
function slotValues(slot: Slot): FormValues {
  const values: FormValues = { name: slot.name, channel: slot.channel, start: slot.start, days: slot.days.map(String), durationMinutes: slot.durationMinutes === null ? '' : String(slot.durationMinutes) };
  slot.plans.forEach((p, i) => {
    values[`plans.${i}.itemId`] = String(p.itemId);
    values[`plans.${i}.from`] = p.from ? fmtDate(p.from) : '';
    values[`plans.${i}.to`] = p.to ? fmtDate(p.to) : '';
    values[`plans.${i}.playCount`] = String(p.playCount);
  });
  return values;
}

/** A slot from the schedule form: its fields, the kept plans (`plans.N.*`) and the added one (`newPlan.*`). */
function slotRaw(body: FormValues): Raw {
  const raw: Raw = { name: body.name, channel: body.channel, start: body.start, days: body.days ?? [], durationMinutes: body.durationMinutes };
  const plans: Raw[] = [];
  for (let i = 0; i < 50; i++) {
    const id = body[`plans.${i}.itemId`];
    if (id === undefined) continue;
    if (body[`plans.${i}.remove`]) continue;
    plans.push({ itemId: id, from: body[`plans.${i}.from`], to: body[`plans.${i}.to`], playCount: body[`plans.${i}.playCount`] });
  }
  if (typeof body['newPlan.itemId'] === 'string' && body['newPlan.itemId']) plans.push({ itemId: body['newPlan.itemId'], from: body['newPlan.from'], to: body['newPlan.to'], playCount: body['newPlan.playCount'] });
  raw.plans = plans;
  return raw;
}

/** Plan errors (`plans.K.field`) are shown at the add-a-plan fields when K is the added plan. */
function formErrors(errors: FieldErrors, body: FormValues): FieldErrors {
  const kept = Object.keys(body).filter((k) => /^plans\.\d+\.itemId$/.test(k) && !body[k.replace('itemId', 'remove')]).length;
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = /^plans\.(\d+)\.(\w+)$/.exec(k);
    out[m && Number(m[1]) === kept ? `newPlan.${m[2]}` : k] = v;
  }
  return out;
}

async function planItems(s: Scope, slots: Slot[]): Promise<Map<number, Item>> {
  const ids = new Set(slots.flatMap((x) => x.plans.map((p) => p.itemId)));
  const found = await Promise.all([...ids].map((id) => s.commune.item(id)));
  return new Map(found.filter((i): i is Item => !!i).map((i) => [i.id, i]));
}

async function renderSchedule(ctx: WebContext, req: Request, res: Response, values: FormValues, errors: FieldErrors, status = 200): Promise<void> {
  const s = scope(ctx, req);
  const slots = await s.commune.slots();
  res.status(status).render('schedule/index', { title: 'Lịch phát sóng', slots, items: await planItems(s, slots), values, errors, weekdays: WEEKDAYS, today: await slotsOfDay(s) });
}

async function renderEdit(ctx: WebContext, req: Request, res: Response, slot: Slot, values: FormValues, errors: FieldErrors, status = 200): Promise<void> {
  const s = scope(ctx, req);
  res.status(status).render('schedule/edit', { title: 'Sửa buổi phát', slot, values, errors, weekdays: WEEKDAYS, items: await planItems(s, [slot, { ...slot, plans: Object.keys(values).filter((k) => /^plans\.\d+\.itemId$/.test(k)).map((k) => ({ itemId: Number(values[k]), from: null, to: null, playCount: 1 })) }]), recent: await s.commune.recentItems(50) });
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
    const result = await createSlot(scope(ctx, req), slotRaw(body), actorOf(req));
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
    const result = await updateSlot(s, slot.id, slotRaw(body), actorOf(req));
    if (!result.ok) return renderEdit(ctx, req, res, slot, body, formErrors(result.errors, body), 422);
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
    res.json({ slots: (await scope(ctx, req).commune.slots()).map(slotJson) });
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
