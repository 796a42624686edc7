/**
 * The storage port's part for the platforms' figures (see port.ts): a commune's keys to the platforms
 * (sealed by the services before they come here), where each post stands, its dated figures, and
 * the last round of refreshes.
 */
import type { MetricReading, MetricState, MetricsRun } from '../domain/metrics.js';
import type { StoredPlatformKeys } from '../domain/platform-keys.js';

/** The reads, on a commune's storage and inside its transactions alike. */
export interface MetricsReads {
  /** The platforms' keys as stored (the secrets sealed). */
  platformKeys(): Promise<StoredPlatformKeys>;
  /** Where these posts stand with their platforms (those that have a state), in no order. */
  metricStates(entryIds: readonly number[]): Promise<MetricState[]>;
  /** A post's dated figures, oldest first. */
  metricReadings(entryId: number): Promise<MetricReading[]>;
  /** The last round of refreshes; null before the first. */
  metricsRun(): Promise<MetricsRun | null>;
}

/** The writes of a transaction. */
export interface MetricsWrites extends MetricsReads {
  putPlatformKeys(keys: StoredPlatformKeys): Promise<void>;
  /** Sets the states of these posts (each replaces the post's earlier one). */
  putMetricStates(states: readonly MetricState[]): Promise<void>;
  /** Adds dated figures to the posts' histories. */
  addMetricReadings(readings: readonly MetricReading[]): Promise<void>;
  putMetricsRun(run: MetricsRun): Promise<void>;
}
