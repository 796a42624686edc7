import { describe, expect, it } from 'vitest';
import { MAX_BROADCAST_ROWS, broadcastItemIds, validateBroadcast } from '../../src/domain/broadcast.js';
import { defaultVocabulary } from '../../src/domain/vocabulary.js';

const ctx = { vocab: defaultVocabulary(), now: new Date('2026-11-22T03:00:00Z'), liveItemIds: new Set([7]) };
const row = (extra: Record<string, unknown> = {}) => ({ title: 'Tin', format: 'news', topics: ['m'], unit: 'tt-dvsnc', ...extra });

describe('broadcast session validation', () => {
  it('reads the shared fields once and each row as a new item or a re-air', () => {
    const r = validateBroadcast({ channel: 'radio', date: '22112026', time: '600', entries: [row({ playCount: '2', durationSeconds: '3 phút 30 giây' }), { itemId: '7', offsetSeconds: 90, allowDuplicate: true }] }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.at).toBe('2026-11-22T06:00:00+07:00');
    expect(r.value.rows).toEqual([
      { index: 0, item: { fields: expect.objectContaining({ title: 'Tin', format: 'news' }) }, playCount: 2, durationSeconds: 210, offsetSeconds: 0, allowDuplicate: false },
      { index: 1, item: { existingId: 7 }, playCount: 1, durationSeconds: null, offsetSeconds: 90, allowDuplicate: true },
    ]);
  });

  it('names the rows of its errors and refuses too many rows', () => {
    const r = validateBroadcast({ channel: 'radio', at: '2026-11-22T06:00', entries: [row({ title: '' }), { itemId: 8 }, { itemId: 'abc' }] }, ctx);
    expect(r.ok ? null : Object.keys(r.errors)).toEqual(['entries.0.title', 'entries.1.itemId', 'entries.2.itemId']);
    const many = validateBroadcast({ channel: 'radio', at: '2026-11-22T06:00', entries: Array.from({ length: MAX_BROADCAST_ROWS + 1 }, () => row()) }, ctx);
    expect(many.ok ? null : many.errors.entries).toBe(`Một buổi phát có tối đa ${MAX_BROADCAST_ROWS} dòng.`);
  });

  it('refuses a session in the future beyond a day, like a single entry', () => {
    const r = validateBroadcast({ channel: 'radio', at: '2026-11-25T06:00', entries: [row()] }, ctx);
    expect(r.ok ? null : Object.keys(r.errors)).toEqual(['at']);
  });

  it('collects the item ids its rows name, skipping junk', () => {
    expect(broadcastItemIds({ entries: [{ itemId: 3 }, { itemId: '4' }, { itemId: 'x' }, { title: 'a' }, null] })).toEqual([3, 4]);
    expect(broadcastItemIds({ entries: 'x' })).toEqual([]);
  });
});

describe('durations as staff write them', () => {
  it('reads seconds, m:ss, "3 phút 30 giây", "3p30" and refuses what is not a length', async () => {
    const { readDuration } = await import('../../src/domain/fields.js');
    const read = (v: string) => {
      const errors: Record<string, string> = {};
      return [readDuration({ d: v }, 'd', errors), Object.keys(errors).length > 0];
    };
    for (const [text, seconds] of [['210', 210], ['3:30', 210], ['3 phút 30 giây', 210], ['3 phut 30 giay', 210], ['3 phút', 180], ['30 giây', 30], ['3p30', 210], ['1:02:03', 3723]] as const) {
      expect(read(text), text).toEqual([seconds, false]);
    }
    for (const text of ['ba phút', '3 phút 75 giây', 'p', '3:75']) expect(read(text), text).toEqual([null, true]);
  });
});
