import { COMMUNE_CODE_RE } from '../../domain/communes.js';
import { isTaskList } from '../../domain/year-plan.js';
/**
 * The shape every data file must have when it is read at start. A file that parses as JSON but is not
 * what the app wrote (`null`, `{}`, `[]`, a record of the wrong kind) means a damaged or tampered data
 * directory: the server refuses it rather than start over a partial log. Each check returns what is
 * wrong, in a few words, or null when the file is sound. Per-record checks stay cheap (types of the
 * fields every reader relies on), so a long history still starts quickly.
 */
export type ShapeCheck = (data: unknown) => string | null;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): boolean => Number.isSafeInteger(v);
const isStr = (v: unknown): boolean => typeof v === 'string';
const isStrOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** Checks the common frame: an object with the expected format tag and array fields. */
function frame(data: unknown, format: string, arrays: readonly string[]): string | null {
  if (!isObj(data)) return `does not hold an object (it holds ${data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data})`;
  if (data.format !== format) return `is not a "${format}" file (its format is ${JSON.stringify(data.format) ?? 'missing'})`;
  for (const key of arrays) if (!Array.isArray(data[key])) return `has no list "${key}"`;
  return null;
}

/** The first record of a list that fails a check, described. */
function badRecord(list: unknown[], what: string, check: (r: Obj) => boolean): string | null {
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!isObj(r) || !check(r)) return `has a damaged ${what} (number ${i + 1} in its list)`;
  }
  return null;
}

const auditOk = (r: Obj): boolean => isInt(r.id) && isStr(r.at) && isStr(r.user) && isStr(r.action);
const itemOk = (r: Obj): boolean => isInt(r.id) && isStr(r.title) && isStr(r.format) && Array.isArray(r.topics) && isStr(r.unit) && isStrOrNull(r.deletedAt);
// `recorderName` is absent from entries written before it existed (filled in when the log is loaded).
const entryOk = (r: Obj): boolean => isInt(r.id) && isInt(r.itemId) && isStr(r.channel) && isStr(r.at) && isInt(r.playCount) && isStrOrNull(r.deletedAt) && (r.recorderName === undefined || isStrOrNull(r.recorderName));
const fileOk = (r: Obj): boolean => isInt(r.id) && isObj(r.owner) && isInt(r.owner.id) && isStr(r.sha256) && isStr(r.name);

export const checkSegment: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-log-segment/1', ['items', 'entries', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  if (d.files !== undefined && !Array.isArray(d.files)) return 'has a "files" field that is not a list';
  return (
    badRecord(d.items as unknown[], 'item', itemOk) ??
    badRecord(d.entries as unknown[], 'entry', entryOk) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk) ??
    badRecord((d.files as unknown[] | undefined) ?? [], 'file record', fileOk)
  );
};

export const checkManifest: ShapeCheck = (data) => {
  if (!isObj(data) || data.format !== 'cchc-log-manifest/1') return 'is not a log manifest';
  return isInt(data.segments) && (data.segments as number) >= 0 ? null : 'does not say how many log files there are';
};

export const checkUsers: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-users/1', ['users', 'tokens', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  return (
    badRecord(d.users as unknown[], 'account', (r) => isStr(r.username) && isStr(r.passwordHash) && isStr(r.role) && isInt(r.sessionVersion)) ??
    badRecord(d.tokens as unknown[], 'API token', (r) => isStr(r.id) && isStr(r.hash) && isStr(r.username)) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk)
  );
};

export const checkSettings: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-settings/1', ['audit']);
  if (problem) return problem;
  const settings = (data as Obj).settings;
  if (!isObj(settings)) return 'holds no settings';
  if (!Array.isArray(settings.units) || !Array.isArray(settings.topics)) return 'has no lists of units and topics';
  if (settings.targets !== undefined && !isObj(settings.targets)) return 'has targets that are not a table';
  return badRecord((data as Obj).audit as unknown[], 'audit record', auditOk);
};

export const checkSummaries: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-summaries/1', ['summaries', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  if (!isStrOrNull(d.lastWeek)) return 'has a damaged "lastWeek"';
  return badRecord(d.summaries as unknown[], 'summary', (r) => isInt(r.id) && isStr(r.weekStart) && isObj(r.figures)) ?? badRecord(d.audit as unknown[], 'audit record', auditOk);
};

export const checkSchedule: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-schedule/1', ['slots', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  return (
    badRecord(d.slots as unknown[], 'slot', (r) => isInt(r.id) && isStr(r.channel) && isStr(r.start) && Array.isArray(r.days) && Array.isArray(r.plans)) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk)
  );
};

export const checkImports: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-imports/1', ['imports', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  return (
    badRecord(d.imports as unknown[], 'import', (r) => isInt(r.id) && isStr(r.sha256) && Array.isArray(r.entryIds) && Array.isArray(r.itemIds)) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk)
  );
};

export const checkYearPlan: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-plan/1', ['notes', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  if (!isObj(d.years) || !Object.entries(d.years as Obj).every(([year, tasks]) => /^\d{4}$/.test(year) && isTaskList(tasks))) return 'has a damaged list of plan tasks';
  return badRecord(d.notes as unknown[], 'task note', (r) => isInt(r.year) && isStr(r.taskId) && isStr(r.from) && isStr(r.to) && isStr(r.text)) ?? badRecord(d.audit as unknown[], 'audit record', auditOk);
};

export const checkMetrics: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-metrics/1', ['states', 'readings', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  if (!isObj(d.keys)) return 'holds no table of keys';
  if (d.run !== null && !isObj(d.run)) return 'has a damaged "run"';
  return (
    badRecord(d.states as unknown[], 'post state', (r) => isInt(r.entryId) && isStr(r.platform)) ??
    badRecord(d.readings as unknown[], 'reading', (r) => isInt(r.entryId) && isStr(r.at)) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk)
  );
};

export const checkWatch: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-watch/1', ['places', 'posts', 'audit']);
  if (problem) return problem;
  const d = data as Obj;
  if (!isStrOrNull(d.round)) return 'has a damaged "round"';
  return (
    badRecord(d.places as unknown[], 'watched place', (r) => isInt(r.id) && isStr(r.url) && isStr(r.kind) && isStr(r.channel) && Array.isArray(r.topics) && isStrOrNull(r.deletedAt)) ??
    badRecord(d.posts as unknown[], 'found post', (r) => isInt(r.id) && isInt(r.placeId) && isStr(r.url) && isStr(r.urlKey) && isStr(r.title) && isStr(r.titleKey) && isStr(r.status) && Array.isArray(r.topics)) ??
    badRecord(d.audit as unknown[], 'audit record', auditOk)
  );
};

export const checkLoginSessions: ShapeCheck = (data) => {
  const problem = frame(data, 'cchc-sessions/1', []);
  if (problem) return problem;
  return isObj((data as Obj).sessions) ? null : 'holds no table of sessions';
};

export const checkSecret: ShapeCheck = (data) => (isObj(data) && isStr(data.secret) ? null : 'holds no session secret');

const communeCodeOk = (v: unknown): boolean => typeof v === 'string' && COMMUNE_CODE_RE.test(v);

export const checkCommunes: ShapeCheck = (data) =>
  frame(data, 'cchc-communes/1', ['communes']) ??
  badRecord((data as Obj).communes as unknown[], 'commune', (r) => communeCodeOk(r.code) && isStr(r.name) && isStr(r.kind) && isStr(r.createdAt));
