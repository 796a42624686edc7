/** The programme schedule's slots (`schedule.json`). */
import type { Slot } from '../../domain/schedule.js';
import { type AnyFile, removeFrom, replaceIn, type TxChanges } from './changes.js';
import type { LowdbState } from './state.js';

/** The live slots of the programme schedule, by start time. */
export function liveSlots(s: LowdbState): Slot[] {
  return s.schedule.data.slots
    .filter((x) => !x.deletedAt)
    .sort((a, b) => (a.start === b.start ? a.id - b.id : a.start < b.start ? -1 : 1))
    .map((x) => structuredClone(x));
}

export function slot(s: LowdbState, id: number): Slot | null {
  const found = s.schedule.data.slots.find((x) => x.id === id);
  return found ? structuredClone(found) : null;
}

/** The schedule's part of a transaction. */
export class TxSchedule {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async slots(): Promise<Slot[]> {
    return liveSlots(this.s);
  }

  async createSlot(fields: Omit<Slot, 'id'>): Promise<Slot> {
    const slot: Slot = structuredClone({ id: this.s.next.slot++, ...fields });
    const list = this.s.schedule.data.slots;
    list.push(slot);
    this.c.touch(this.s.schedule as AnyFile);
    this.c.undo(() => removeFrom(list, slot));
    return structuredClone(slot);
  }

  async replaceSlot(next: Slot): Promise<void> {
    const list = this.s.schedule.data.slots;
    const old = list.find((x) => x.id === next.id);
    if (!old) throw new Error(`no slot ${next.id}`);
    this.c.touch(this.s.schedule as AnyFile);
    this.c.undo(replaceIn(list, old, structuredClone(next)));
  }
}
