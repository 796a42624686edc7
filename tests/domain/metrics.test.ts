import { describe, expect, it } from 'vitest';
import { figuresSource, mayStart, type MetricState, type MetricsRun, nextFigures, postsToRead, refreshWindowStart, roundOf } from '../../src/domain/metrics.js';
import { fmtNumber } from '../../src/domain/text.js';

const state = (over: Partial<MetricState> = {}): MetricState => ({
  entryId: 1,
  platform: 'youtube',
  views: 1520,
  interactions: 45,
  readAt: '2026-11-22T10:00:00+07:00',
  appliedViews: 1520,
  appliedInteractions: 45,
  error: null,
  errorAt: null,
  ...over,
});

describe('nextFigures', () => {
  it('fills figures nobody typed, and follows the platform on figures the refresh wrote', () => {
    expect(nextFigures({ views: null, interactions: null }, null, { views: 10, interactions: 2 }, false)).toEqual({ views: 10, interactions: 2, keptViews: false, keptInteractions: false });
    expect(nextFigures({ views: 1520, interactions: 45 }, state(), { views: 2210, interactions: 60 }, false)).toEqual({ views: 2210, interactions: 60, keptViews: false, keptInteractions: false });
  });

  it('keeps a value typed by hand (never written by a refresh), each figure on its own', () => {
    expect(nextFigures({ views: 999, interactions: null }, null, { views: 1520, interactions: 45 }, false)).toEqual({ views: 999, interactions: 45, keptViews: true, keptInteractions: false });
    // Typed over what the refresh wrote: typed.
    expect(nextFigures({ views: 1520, interactions: 50 }, state(), { views: 2210, interactions: 60 }, false)).toEqual({ views: 2210, interactions: 50, keptViews: false, keptInteractions: true });
  });

  it('overwrites typed values when the user chose to', () => {
    expect(nextFigures({ views: 999, interactions: 7 }, null, { views: 1520, interactions: 45 }, true)).toEqual({ views: 1520, interactions: 45, keptViews: false, keptInteractions: false });
  });

  it('leaves a figure the platform does not give as it is', () => {
    expect(nextFigures({ views: 5, interactions: 3 }, state({ appliedViews: 5, appliedInteractions: 3 }), { views: null, interactions: 8 }, false)).toEqual({ views: 5, interactions: 8, keptViews: false, keptInteractions: false });
  });

  it('does not count a typed value equal to the platform\'s as kept', () => {
    expect(nextFigures({ views: 1520, interactions: null }, null, { views: 1520, interactions: 45 }, false)).toMatchObject({ views: 1520, keptViews: false });
  });
});

describe('mayStart', () => {
  const now = new Date('2026-11-22T03:00:00Z');
  const run = (over: Partial<MetricsRun>): MetricsRun => ({ round: null, lastRound: null, startedAt: '2026-11-22T09:50:00+07:00', finishedAt: '2026-11-22T09:51:00+07:00', by: 'an', updated: 0, errors: [], ...over });

  it('starts the first round, and one after a finished round', () => {
    expect(mayStart(null, '2026-11-22T10:00', now)).toBe('start');
    expect(mayStart(run({}), null, now)).toBe('start');
  });

  it('refuses while a round runs, until its 15 minutes of lease are over', () => {
    expect(mayStart(run({ finishedAt: null }), null, now)).toBe('running');
    expect(mayStart(run({ finishedAt: null, startedAt: '2026-11-22T09:44:59+07:00' }), null, now)).toBe('start');
  });

  it('makes a scheduled round once, even with a refresh by hand in between', () => {
    expect(mayStart(run({ round: '2026-11-22T10:00', lastRound: '2026-11-22T10:00' }), '2026-11-22T10:00', now)).toBe('done');
    expect(mayStart(run({ round: null, lastRound: '2026-11-22T10:00' }), '2026-11-22T10:00', now)).toBe('done');
    expect(mayStart(run({ round: null, lastRound: '2026-11-21T10:00' }), '2026-11-22T10:00', now)).toBe('start');
  });
});

describe('rounds and window', () => {
  it('names a round by its minute in Vietnam time, and reads the 90 days before today from midnight', () => {
    expect(roundOf(new Date('2026-11-21T22:30:41Z'))).toBe('2026-11-22T05:30');
    expect(refreshWindowStart(new Date('2026-11-21T22:30:41Z'))).toBe('2026-08-24T00:00:00+07:00');
  });
});

describe('figuresSource', () => {
  it('says where the figures come from while they are the refresh\'s', () => {
    expect(figuresSource({ views: 1520, interactions: 45 }, state(), fmtNumber)).toEqual({ kind: 'platform', text: 'cập nhật từ YouTube lúc 22/11/2026 10:00' });
  });

  it('shows the platform\'s figures beside a value typed by hand', () => {
    expect(figuresSource({ views: 999, interactions: 45 }, state({ appliedViews: null }), fmtNumber)).toEqual({ kind: 'typed', text: 'số nhập tay được giữ; YouTube lúc 22/11/2026 10:00: 1.520 lượt xem, 45 lượt tương tác' });
  });

  it('says nothing before a first reading', () => {
    expect(figuresSource({ views: 3, interactions: null }, state({ readAt: null }), fmtNumber)).toEqual({ kind: 'none' });
    expect(figuresSource({ views: 3, interactions: null }, null, fmtNumber)).toEqual({ kind: 'none' });
  });
});

describe('postsToRead', () => {
  it('takes the posts with links on the platforms, reports the links it cannot read, and leaves the rest', () => {
    const entry = (id: number, url: string | null) => ({ id, url, item: { title: `Bài ${id}` } });
    expect(
      postsToRead(
        [entry(1, 'https://youtu.be/dQw4w9WgXcQ'), entry(2, 'https://anhai.haiphong.gov.vn/bai-1'), entry(3, null), entry(4, 'https://www.facebook.com/trang/posts/55'), entry(5, 'https://oa.zalo.me/article/abcdef1')],
        null,
      ),
    ).toEqual({
      posts: [
        { entryId: 1, platform: 'youtube', id: 'dQw4w9WgXcQ', url: 'https://youtu.be/dQw4w9WgXcQ' },
        { entryId: 5, platform: 'zalo', id: 'abcdef1', url: 'https://oa.zalo.me/article/abcdef1' },
      ],
      problems: [{ platform: 'facebook', entryId: 4, title: 'Bài 4', message: expect.stringContaining('Mã Trang Facebook') }],
    });
  });
});
