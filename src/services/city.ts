import type { CityCommune, CityReport, CommuneScores } from '../domain/city.js';
import { addFigures as add, ZERO_FIGURES } from '../domain/counting.js';
import type { NewCommune } from '../domain/communes.js';
import type { Period } from '../domain/periods.js';
import { addDays, localToday, type LocalDate, toLocalIso } from '../domain/time.js';
import type { Storage } from '../storage/port.js';
import { audit } from './audit.js';
import { parEstimate } from './par.js';
import { targetProgress } from './reports.js';
import { scopeOf } from './scope.js';

/**
 * Every commune's figures for a period, counted as each commune's own report counts them, and the
 * city's totals (items belong to one commune, so distinct items add up).
 */
export async function cityReport(storage: Storage, from: LocalDate, to: LocalDate): Promise<CityReport> {
  const [communes, counts] = await Promise.all([storage.communes(), storage.cityCounts(from, to)]);
  const byCode = new Map(counts.map((c) => [c.code, c.counts]));
  const rows = communes.map((c): CityCommune => {
    const found = byCode.get(c.code);
    return { code: c.code, name: c.name, kind: c.kind, totals: found?.totals ?? { ...ZERO_FIGURES }, byChannel: found?.byChannel ?? {} };
  });
  return { from, to, totals: rows.reduce((sum, r) => add(sum, r.totals), { ...ZERO_FIGURES }), communes: rows };
}

/** The communes that recorded nothing in the last 7 days (today included). */
export async function idleCommunes(storage: Storage, clock: () => Date): Promise<string[]> {
  const since = `${addDays(localToday(clock()), -6)}T00:00:00+07:00`;
  return storage.idleCommunes(since);
}

/** Target progress and PAR estimate of each commune, a few communes at a time. */
export async function communeScores(storage: Storage, clock: () => Date, codes: string[], period: Pick<Period, 'from' | 'to' | 'year'>): Promise<Map<string, CommuneScores>> {
  const out = new Map<string, CommuneScores>();
  const queue = [...codes];
  const worker = async (): Promise<void> => {
    for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
      const scope = scopeOf(storage, clock, code);
      const [progress, par] = await Promise.all([targetProgress(scope, period), parEstimate(scope, period)]);
      out.set(code, { progress: progress.overall ? progress.overall.percent : null, par: par.total });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

/** Adds a commune (admins of the deployment), audited in its own trail. */
export async function addCommune(storage: Storage, clock: () => Date, commune: NewCommune, actor: string): Promise<'created' | 'exists'> {
  const made = await storage.createCommune(commune);
  if (made !== 'created') return made;
  const scope = scopeOf(storage, clock, commune.code);
  await scope.commune.transaction(async (tx) => {
    const settings = await tx.settings();
    await tx.putSettings({ ...settings, communeName: commune.name, communeKind: commune.kind });
    await audit(tx, scope, actor, 'commune.create', { type: 'commune', id: commune.code }, { after: { ...commune, at: toLocalIso(clock()) } });
  });
  return made;
}
