import type { MetricReading, MetricState, MetricsRun } from '../../domain/metrics.js';
import type { StoredPlatformKeys } from '../../domain/platform-keys.js';
import type { MetricsWrites } from '../metrics-port.js';
import * as metrics from './metrics.js';
import { TxPlan } from './tx-plan.js';

/** The platforms' figures in a transaction: the keys, the posts' states and histories, the rounds. */
export class TxMetrics extends TxPlan implements MetricsWrites {
  async platformKeys(): Promise<StoredPlatformKeys> {
    return structuredClone(this.s.metrics.data.keys);
  }

  async putPlatformKeys(keys: StoredPlatformKeys): Promise<void> {
    this.setField(this.s.metrics, 'keys', structuredClone(keys));
  }

  async metricStates(entryIds: readonly number[]): Promise<MetricState[]> {
    return metrics.metricStates(this.s.metrics.data, entryIds);
  }

  async putMetricStates(states: readonly MetricState[]): Promise<void> {
    if (states.length) this.setField(this.s.metrics, 'states', metrics.withStates(this.s.metrics.data, states));
  }

  async metricReadings(entryId: number): Promise<MetricReading[]> {
    return metrics.metricReadings(this.s.metrics.data, entryId);
  }

  async addMetricReadings(readings: readonly MetricReading[]): Promise<void> {
    if (readings.length) this.setField(this.s.metrics, 'readings', [...this.s.metrics.data.readings, ...structuredClone(readings)]);
  }

  async metricsRun(): Promise<MetricsRun | null> {
    return structuredClone(this.s.metrics.data.run);
  }

  async putMetricsRun(run: MetricsRun): Promise<void> {
    this.setField(this.s.metrics, 'run', structuredClone(run));
  }
}
