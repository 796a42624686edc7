import { describe, expect, it } from 'vitest';
import { overlaps, plannedOn, runsOn, type Slot, slotWindow, validateSlot, weekdayOf } from '../../src/domain/schedule.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';

const vocab = defaultVocabulary();
const slot = (over: Partial<Slot> = {}): Slot => ({
  id: 1, name: 'Sáng', channel: 'radio', start: '06:00', days: [1, 2, 3, 4, 5, 6, 7], durationMinutes: 30, plans: [],
  createdAt: '', createdBy: '', updatedAt: '', updatedBy: '', deletedAt: null, deletedBy: null, ...over,
});
const ctx = (others: Slot[] = [], items: number[] = []) => ({ vocab, others, liveItemIds: new Set(items) });

describe('programme schedule rules', () => {
  it('knows the day of the week, Monday 1 to Sunday 7', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-22')).toBe(7);
    expect(weekdayOf('2028-02-29')).toBe(2);
  });

  it('finds overlaps only on the same channel, a shared day and crossing windows', () => {
    expect(overlaps(slot(), slot({ start: '06:29' }))).toBe(true);
    expect(overlaps(slot(), slot({ start: '06:30' }))).toBe(false);
    expect(overlaps(slot(), slot({ start: '05:45', durationMinutes: 15 }))).toBe(false);
    expect(overlaps(slot(), slot({ start: '05:45', durationMinutes: 16 }))).toBe(true);
    expect(overlaps(slot({ days: [1] }), slot({ days: [2] }))).toBe(false);
    expect(overlaps(slot(), slot({ channel: 'portal' }))).toBe(false);
    // Without a length a slot holds its minute.
    expect(overlaps(slot({ durationMinutes: null }), slot({ start: '06:01', durationMinutes: null }))).toBe(false);
    expect(overlaps(slot({ durationMinutes: null }), slot({ durationMinutes: null }))).toBe(true);
  });

  it('reads a slot as typed: times of a keypad, days as a list or text, a default name', () => {
    const r = validateSlot({ channel: 'radio', start: '1730', days: '5,1,1', durationMinutes: '20' }, ctx());
    expect(r).toEqual({ ok: true, value: { name: 'Buổi 17:30', channel: 'radio', start: '17:30', days: [1, 5], durationMinutes: 20, plans: [] } });
  });

  it('refuses 25:00, 24:00 and 12:60 as start times', () => {
    for (const start of ['25:00', '24:00', '12:60', 'sáng']) {
      const r = validateSlot({ channel: 'radio', start, days: [1] }, ctx());
      expect(r.ok ? null : r.errors.start, start).toMatch(/không có thật/);
    }
  });

  it('plans items for every session or a date range, only for live items', () => {
    const s = slot({ plans: [{ itemId: 1, from: null, to: null, playCount: 1 }, { itemId: 2, from: '2026-11-16', to: '2026-11-22', playCount: 2 }, { itemId: 3, from: '2026-11-23', to: null, playCount: 1 }] });
    expect(plannedOn(s, '2026-11-22').map((p) => p.itemId)).toEqual([1, 2]);
    expect(plannedOn(s, '2026-11-23').map((p) => p.itemId)).toEqual([1, 3]);
    const r = validateSlot({ channel: 'radio', start: '06:00', days: [1], plans: [{ itemId: 1, from: '16/11/2026' }, { itemId: '9' }] }, ctx([], [1]));
    expect(r.ok ? null : r.errors).toEqual({ 'plans.1.itemId': 'Không tìm thấy tin bài này (có thể đã bị xóa).' });
  });

  it('runs on its days unless deleted, and covers its window, past midnight too', () => {
    expect(runsOn(slot({ days: [1] }), '2026-11-23')).toBe(true);
    expect(runsOn(slot({ days: [1] }), '2026-11-22')).toBe(false);
    expect(runsOn(slot({ deletedAt: 'x' }), '2026-11-23')).toBe(false);
    expect(slotWindow(slot(), '2026-11-23')).toEqual({ from: '2026-11-23T06:00:00+07:00', to: '2026-11-23T06:30:00+07:00' });
    expect(slotWindow(slot({ start: '23:30', durationMinutes: null }), '2026-12-31')).toEqual({ from: '2026-12-31T23:30:00+07:00', to: '2027-01-01T00:30:00+07:00' });
  });
});
