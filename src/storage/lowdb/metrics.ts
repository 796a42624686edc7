/**
 * The platforms' figures (`metrics.json`): the commune's keys to the platforms (sealed), where each
 * post stands with its platform, the posts' dated figures, the last round of refreshes.
 */
import type { MetricReading, MetricState, MetricsRun } from '../../domain/metrics.js';
import type { StoredPlatformKeys } from '../../domain/platform-keys.js';
import type { MetricsWrites } from '../metrics-port.js';
import type { TxChanges } from './changes.js';
import type { MetricsData } from './data-files.js';
import type { LowdbState } from './state.js';

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

/** The platforms' figures in a transaction: the keys, the posts' states and histories, the rounds. */
export class TxMetrics implements MetricsWrites {
  constructor(
    private readonly s: LowdbState,
    private readonly c: TxChanges,
  ) {}

  async platformKeys(): Promise<StoredPlatformKeys> {
    return structuredClone(this.s.metrics.data.keys);
  }

  async putPlatformKeys(keys: StoredPlatformKeys): Promise<void> {
    this.c.setField(this.s.metrics, 'keys', structuredClone(keys));
  }

  async metricStates(entryIds: readonly number[]): Promise<MetricState[]> {
    return metricStates(this.s.metrics.data, entryIds);
  }

  async putMetricStates(states: readonly MetricState[]): Promise<void> {
    if (states.length) this.c.setField(this.s.metrics, 'states', withStates(this.s.metrics.data, states));
  }

  async metricReadings(entryId: number): Promise<MetricReading[]> {
    return metricReadings(this.s.metrics.data, entryId);
  }

  async addMetricReadings(readings: readonly MetricReading[]): Promise<void> {
    if (readings.length) this.c.setField(this.s.metrics, 'readings', [...this.s.metrics.data.readings, ...structuredClone(readings)]);
  }

  async metricsRun(): Promise<MetricsRun | null> {
    return structuredClone(this.s.metrics.data.run);
  }

  async putMetricsRun(run: MetricsRun): Promise<void> {
    this.c.setField(this.s.metrics, 'run', structuredClone(run));
  }
}
