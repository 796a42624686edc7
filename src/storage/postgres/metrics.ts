/** The platforms' figures: the keys (a `platformKeys` document), the posts' states and dated readings, the last round (`metricsRun`). */
import type { MetricReading, MetricState, MetricsRun } from '../../domain/metrics.js';
import { emptyPlatformKeys, type StoredPlatformKeys } from '../../domain/platform-keys.js';
import type { MetricsWrites } from '../metrics-port.js';
import { doc, putDoc } from './commune-docs.js';
import { type Queryable, rows } from './db.js';

export async function platformKeys(db: Queryable, commune: number): Promise<StoredPlatformKeys> {
  return { ...emptyPlatformKeys(), ...((await doc<StoredPlatformKeys>(db, commune, 'platformKeys')) ?? {}) };
}

export async function metricStates(db: Queryable, commune: number, entryIds: readonly number[]): Promise<MetricState[]> {
  if (!entryIds.length) return [];
  const found = await rows<{ record: MetricState }>(db, 'SELECT record FROM metric_states WHERE commune_id = $1 AND entry_id = ANY($2::int[])', [commune, [...entryIds]]);
  return found.map((r) => r.record);
}

export async function metricReadings(db: Queryable, commune: number, entryId: number): Promise<MetricReading[]> {
  const found = await rows<{ record: MetricReading }>(db, 'SELECT record FROM metric_readings WHERE commune_id = $1 AND entry_id = $2 ORDER BY at, seq', [commune, entryId]);
  return found.map((r) => r.record);
}

export const metricsRun = (db: Queryable, commune: number): Promise<MetricsRun | null> => doc<MetricsRun>(db, commune, 'metricsRun');

/** The platforms' figures in a transaction: one client, the commune's lock held. */
export class TxMetrics implements MetricsWrites {
  constructor(
    private readonly db: Queryable,
    private readonly commune: number,
  ) {}

  platformKeys(): Promise<StoredPlatformKeys> {
    return platformKeys(this.db, this.commune);
  }

  putPlatformKeys(keys: StoredPlatformKeys): Promise<void> {
    return putDoc(this.db, this.commune, 'platformKeys', keys);
  }

  metricStates(entryIds: readonly number[]): Promise<MetricState[]> {
    return metricStates(this.db, this.commune, entryIds);
  }

  async putMetricStates(states: readonly MetricState[]): Promise<void> {
    if (!states.length) return;
    await this.db.query(
      `INSERT INTO metric_states (commune_id, entry_id, record) SELECT $1, (r->>'entryId')::int, r FROM jsonb_array_elements($2::jsonb) r
       ON CONFLICT (commune_id, entry_id) DO UPDATE SET record = EXCLUDED.record`,
      [this.commune, JSON.stringify(states)],
    );
  }

  metricReadings(entryId: number): Promise<MetricReading[]> {
    return metricReadings(this.db, this.commune, entryId);
  }

  async addMetricReadings(readings: readonly MetricReading[]): Promise<void> {
    if (!readings.length) return;
    // WITH ORDINALITY keeps the given order in the sequence, so readings of the same time stay in order.
    await this.db.query(
      `INSERT INTO metric_readings (commune_id, entry_id, at, record)
       SELECT $1, (r->>'entryId')::int, r->>'at', r FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
      [this.commune, JSON.stringify(readings)],
    );
  }

  metricsRun(): Promise<MetricsRun | null> {
    return metricsRun(this.db, this.commune);
  }

  putMetricsRun(run: MetricsRun): Promise<void> {
    return putDoc(this.db, this.commune, 'metricsRun', run);
  }
}
