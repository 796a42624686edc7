import type { MetricReading, MetricState, MetricsRun } from '../../domain/metrics.js';
import type { AuditRecord } from '../../domain/model.js';
import { emptyPlatformKeys, type StoredPlatformKeys } from '../../domain/platform-keys.js';

/**
 * `metrics.json`: the commune's keys to the platforms (sealed), where each post stands with its
 * platform, the posts' dated figures, the last round of refreshes, and the records of their changes.
 */
export interface MetricsData {
  format: 'cchc-metrics/1';
  keys: StoredPlatformKeys;
  run: MetricsRun | null;
  states: MetricState[];
  readings: MetricReading[];
  audit: AuditRecord[];
}

export const emptyMetrics = (): MetricsData => ({ format: 'cchc-metrics/1', keys: emptyPlatformKeys(), run: null, states: [], readings: [], audit: [] });

export function metricStates(data: MetricsData, entryIds: readonly number[]): MetricState[] {
  const wanted = new Set(entryIds);
  return structuredClone(data.states.filter((s) => wanted.has(s.entryId)));
}

/** A post's readings, oldest first (they are appended in time order). */
export function metricReadings(data: MetricsData, entryId: number): MetricReading[] {
  return structuredClone(data.readings.filter((r) => r.entryId === entryId));
}

/** The states with these replacing the posts' earlier ones. */
export function withStates(data: MetricsData, states: readonly MetricState[]): MetricState[] {
  const replaced = new Set(states.map((s) => s.entryId));
  return [...data.states.filter((s) => !replaced.has(s.entryId)), ...structuredClone(states)];
}
