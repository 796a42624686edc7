/** What the schedule's pages show: the slots with the items they plan, and the items a slot's form offers to plan. */
import type { Entry, Item } from '../domain/model.js';
import type { Slot } from '../domain/schedule.js';
import { itemsById } from './items.js';
import { type SlotDay, slotsOfDay } from './schedule.js';
import type { Scope } from './scope.js';

/** The programme schedule's live slots, by start time. */
export function slotsOf(scope: Scope): Promise<Slot[]> {
  return scope.commune.slots();
}

/** The items the slots plan, deleted ones too (the page says so), read in one call. */
export function planItems(scope: Scope, slots: readonly Pick<Slot, 'plans'>[]): Promise<Map<number, Item>> {
  return itemsById(scope, slots.flatMap((x) => x.plans.map((p) => p.itemId)));
}

/** The schedule page: every slot with the items it plans, and today's slots. */
export async function schedulePage(scope: Scope): Promise<{ slots: Slot[]; items: Map<number, Item>; today: SlotDay[] }> {
  const [slots, today] = await Promise.all([slotsOf(scope), slotsOfDay(scope)]);
  return { slots, items: await planItems(scope, slots), today };
}

/**
 * The catalogue items a slot's edit form offers to check: those of a search (`q`), else the items aired
 * lately and those planned in other slots (items planned before they air too); never those the form
 * plans already; the ones checked always. With each one's last airing.
 */
export async function planChoices(scope: Scope, slot: Slot, form: { planned: ReadonlySet<number>; checked: readonly number[]; q: string }): Promise<{ choices: Item[]; lastAirings: Record<number, Entry> }> {
  const [found, others, checked] = await Promise.all([
    form.q ? scope.commune.listItems(form.q, { page: 1, pageSize: 30 }).then((p) => p.rows) : scope.commune.recentItems(50),
    form.q ? [] : slotsOf(scope).then(async (slots) => [...(await planItems(scope, slots.filter((x) => x.id !== slot.id))).values()]),
    itemsById(scope, form.checked),
  ]);
  const choices = new Map<number, Item>();
  for (const it of [...form.checked.map((id) => checked.get(id)), ...found, ...others]) if (it && !it.deletedAt && !form.planned.has(it.id) && !choices.has(it.id)) choices.set(it.id, it);
  const list = [...choices.values()].slice(0, 80);
  return { choices: list, lastAirings: await scope.commune.lastAirings(list.map((i) => i.id)) };
}
