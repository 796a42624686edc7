import type { Slot } from '../../domain/schedule.js';
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
