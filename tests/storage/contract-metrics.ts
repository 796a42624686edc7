/** The storage contract's part for the platforms' figures: keys, post states, dated figures and rounds, on every engine. */
import { describe, expect, it } from 'vitest';
import type { MetricReading, MetricState, MetricsRun } from '../../src/domain/metrics.js';
import type { EngineHarness } from './contract.js';

const state = (entryId: number, over: Partial<MetricState> = {}): MetricState => ({
  entryId,
  platform: 'youtube',
  views: 10,
  interactions: 2,
  readAt: '2026-11-22T10:00:00+07:00',
  appliedViews: 10,
  appliedInteractions: 2,
  error: null,
  errorAt: null,
  ...over,
});
const reading = (entryId: number, at: string, views: number): MetricReading => ({ entryId, platform: 'facebook', at, views, interactions: 1 });
const RUN: MetricsRun = { round: '2026-11-22T05:30', lastRound: '2026-11-22T05:30', startedAt: '2026-11-22T05:30:00+07:00', finishedAt: '2026-11-22T05:31:00+07:00', by: 'lịch tự động', updated: 2, errors: [{ platform: 'facebook', entryId: 7, title: 'Bài 7', message: 'Không còn thấy bài trên Facebook.' }] };

export function metricsContract(engine: string, h: EngineHarness): void {
  describe(`storage contract, platform figures: ${engine}`, () => {
    it('keeps the keys, the posts\' states and dated figures and the last round across a restart', async () => {
      const store = await h.open();
      expect(await store.commune.platformKeys()).toEqual({ youtubeApiKey: null, facebookToken: null, facebookPageId: null, zaloToken: null });
      expect(await store.commune.metricsRun()).toBeNull();
      await store.commune.transaction(async (tx) => {
        await tx.putPlatformKeys({ youtubeApiKey: 'v1.a.b.c', facebookToken: null, facebookPageId: '100064123456789', zaloToken: 'v1.d.e.f' });
        await tx.putMetricStates([state(7), state(8, { platform: 'zalo', error: 'Zalo OA không nhận mã truy cập.', errorAt: '2026-11-22T10:00:00+07:00' })]);
        await tx.addMetricReadings([reading(7, '2026-11-21T05:30:00+07:00', 4), reading(8, '2026-11-21T05:30:00+07:00', 1)]);
        await tx.addMetricReadings([reading(7, '2026-11-22T05:30:00+07:00', 10)]);
        await tx.putMetricsRun(RUN);
      });
      const again = await h.reopen(store);
      expect(await again.commune.platformKeys()).toEqual({ youtubeApiKey: 'v1.a.b.c', facebookToken: null, facebookPageId: '100064123456789', zaloToken: 'v1.d.e.f' });
      expect((await again.commune.metricStates([8, 7, 99])).sort((a, b) => a.entryId - b.entryId)).toEqual([state(7), state(8, { platform: 'zalo', error: 'Zalo OA không nhận mã truy cập.', errorAt: '2026-11-22T10:00:00+07:00' })]);
      expect(await again.commune.metricReadings(7)).toEqual([reading(7, '2026-11-21T05:30:00+07:00', 4), reading(7, '2026-11-22T05:30:00+07:00', 10)]);
      expect(await again.commune.metricsRun()).toEqual(RUN);
      // A later state replaces the post's earlier one; a later round the earlier one.
      await again.commune.transaction(async (tx) => {
        await tx.putMetricStates([state(7, { views: 12, readAt: '2026-11-23T05:30:00+07:00' })]);
        await tx.putMetricsRun({ ...RUN, round: null, finishedAt: null });
        expect((await tx.metricStates([7]))[0]?.views).toBe(12);
        expect((await tx.metricsRun())?.finishedAt).toBeNull();
      });
      expect(await again.commune.metricStates([7])).toEqual([state(7, { views: 12, readAt: '2026-11-23T05:30:00+07:00' })]);
    });

    it('writes nothing of a transaction that fails', async () => {
      const store = await h.open();
      await expect(
        store.commune.transaction(async (tx) => {
          await tx.putPlatformKeys({ youtubeApiKey: 'v1.x.y.z', facebookToken: null, facebookPageId: null, zaloToken: null });
          await tx.putMetricStates([state(3)]);
          await tx.addMetricReadings([reading(3, '2026-11-22T05:30:00+07:00', 5)]);
          await tx.putMetricsRun(RUN);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await store.commune.platformKeys()).toMatchObject({ youtubeApiKey: null });
      expect(await store.commune.metricStates([3])).toEqual([]);
      expect(await store.commune.metricReadings(3)).toEqual([]);
      expect(await store.commune.metricsRun()).toBeNull();
    });

    it('keeps each commune\'s apart', async () => {
      const store = await h.open();
      await store.storage.createCommune({ code: 'nghi-duong', name: 'Nghi Dương', kind: 'xã' });
      await store.commune.transaction(async (tx) => {
        await tx.putPlatformKeys({ youtubeApiKey: 'v1.a.b.c', facebookToken: null, facebookPageId: null, zaloToken: null });
        await tx.putMetricStates([state(1)]);
        await tx.addMetricReadings([reading(1, '2026-11-22T05:30:00+07:00', 5)]);
        await tx.putMetricsRun(RUN);
      });
      const other = store.inCommune('nghi-duong');
      expect(await other.commune.platformKeys()).toMatchObject({ youtubeApiKey: null });
      expect(await other.commune.metricStates([1])).toEqual([]);
      expect(await other.commune.metricReadings(1)).toEqual([]);
      expect(await other.commune.metricsRun()).toBeNull();
    });
  });
}
