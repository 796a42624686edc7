/**
 * Loads a ward's records (read from its embedded data directory) into one commune of the city's
 * database, keeping every id, in one transaction; the files' bytes are copied into the deployment's
 * files folder before it commits.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type pg from 'pg';
import { KEY_FIELDS, emptyPlatformKeys } from '../../domain/platform-keys.js';
import { toLocalIso } from '../../domain/time.js';
import { type CommuneDump, MoveRefusedError } from '../dump.js';
import { FolderBlobStore } from '../lowdb/blobs.js';
import { COMMUNE_LOCK_CLASS } from './commune.js';
import { inTransaction, one, type Queryable, rows } from './db.js';
import { putDoc } from './commune-docs.js';
import { TxMetrics } from './metrics.js';
import { insertEntries, insertItems } from './writes.js';

/** The commune a ward becomes. */
export interface CommuneTarget {
  code: string;
  name: string;
  kind: string;
}

/** What a load did, for the operator. */
export interface LoadReport {
  communeId: number;
  /** False when an empty commune of that code was there already and was used. */
  created: boolean;
  items: number;
  entries: number;
  audit: number;
  files: number;
  /** Distinct file contents copied (or found already there), and those the ward's folder lacks or holds damaged. */
  blobs: { copied: number; missing: string[]; damaged: string[] };
  /** Accounts and tokens added, and those the database held already, identical. */
  users: { added: number; existing: number };
  tokens: { added: number; existing: number };
  imports: number;
  slots: number;
  summaries: number;
  planYears: number;
  taskNotes: number;
  watchPlaces: number;
  watchPosts: number;
  /** The platforms' keys carried (sealed, as they were), the posts' states and their dated readings. */
  platformKeys: number;
  metricStates: number;
  metricReadings: number;
}

/** Records per INSERT of JSON documents. */
const RECORDS_PER_INSERT = 2_000;

/** The tables of a commune's records, each with its id sequence (when it has one). */
const COMMUNE_TABLES: [table: string, sequence: string | null][] = [
  ['items', 'items_id_seq'],
  ['entries', 'entries_id_seq'],
  ['audit', 'audit_id_seq'],
  ['files', 'files_id_seq'],
  ['imports', 'imports_id_seq'],
  ['slots', 'slots_id_seq'],
  ['summaries', 'summaries_id_seq'],
  ['watch_places', 'watch_places_id_seq'],
  ['watch_posts', 'watch_posts_id_seq'],
  ['commune_docs', null],
  ['task_notes', null],
  ['metric_states', null],
  // Its `seq` is shared by every commune and only orders a post's readings: nothing to move past.
  ['metric_readings', null],
];

/** Each kind of JSON-document record: how a record (with its `id`) becomes its row. */
const JSON_INSERTS = {
  audit: `INSERT INTO audit (commune_id, id, at, username, action, target_type, target_id, record)
    SELECT $1, (r->>'id')::int, r->>'at', r->>'user', r->>'action', r#>>'{target,type}', r#>>'{target,id}', r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  files: `INSERT INTO files (commune_id, id, owner_type, owner_id, record)
    SELECT $1, (r->>'id')::int, r#>>'{owner,type}', (r#>>'{owner,id}')::int, r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  imports: `INSERT INTO imports (commune_id, id, record) SELECT $1, (r->>'id')::int, r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  slots: `INSERT INTO slots (commune_id, id, record) SELECT $1, (r->>'id')::int, r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  summaries: `INSERT INTO summaries (commune_id, id, week_start, version, record)
    SELECT $1, (r->>'id')::int, r->>'weekStart', (r->>'version')::int, r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  watchPlaces: `INSERT INTO watch_places (commune_id, id, record) SELECT $1, (r->>'id')::int, r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  watchPosts: `INSERT INTO watch_posts (commune_id, id, url_key, title_key, status, record)
    SELECT $1, (r->>'id')::int, r->>'urlKey', r->>'titleKey', r->>'status', r - 'id' FROM jsonb_array_elements($2::jsonb) r`,
  taskNotes: `INSERT INTO task_notes (commune_id, year, task_id, from_date, to_date, note)
    SELECT $1, (r->>'year')::int, r->>'taskId', r->>'from', r->>'to', r->>'text' FROM jsonb_array_elements($2::jsonb) r`,
} as const;

/**
 * Loads a ward into the commune `target.code`: a new commune, or an existing one that holds nothing
 * yet (a commune with records is refused: a ward is never merged into another). Accounts and tokens
 * are the deployment's: one the database has already must be identical, else the move is refused.
 * All or nothing; sequences are moved past the ids loaded, so new records never collide.
 */
export async function loadCommune(pool: pg.Pool, target: CommuneTarget, dump: CommuneDump, filesDir: string): Promise<LoadReport> {
  return inTransaction(pool, async (db) => {
    const { id, created } = await targetCommune(db, target);
    const users = await loadAccounts(db, { ...dump, users: await accountsOf(db, dump, target.code) });
    await insertItems(db, id, dump.items);
    await insertEntries(db, id, dump.entries);
    await insertJson(db, id, JSON_INSERTS.audit, dump.audit);
    await insertJson(db, id, JSON_INSERTS.files, dump.files);
    await insertJson(db, id, JSON_INSERTS.imports, dump.imports);
    await insertJson(db, id, JSON_INSERTS.slots, dump.slots);
    await insertJson(db, id, JSON_INSERTS.summaries, dump.summaries);
    await insertJson(db, id, JSON_INSERTS.taskNotes, dump.taskNotes);
    await insertJson(db, id, JSON_INSERTS.watchPlaces, dump.watch.places);
    await insertJson(db, id, JSON_INSERTS.watchPosts, dump.watch.posts);
    if (dump.watch.round) await putDoc(db, id, 'watchRound', dump.watch.round);
    await loadMetrics(new TxMetrics(db, id), dump.metrics);
    await putDoc(db, id, 'settings', dump.settings);
    if (dump.lastImportMapping) await putDoc(db, id, 'lastImportMapping', dump.lastImportMapping);
    if (dump.lastSummarizedWeek) await putDoc(db, id, 'lastWeek', dump.lastSummarizedWeek);
    for (const plan of dump.plans) await putDoc(db, id, `plan:${plan.year}`, plan.tasks);
    await advanceSequences(db);
    // Last, so that a refusal above copies nothing; before the commit, so that no record lacks its bytes.
    const blobs = await copyBlobs(dump, filesDir);
    return {
      communeId: id,
      created,
      items: dump.items.length,
      entries: dump.entries.length,
      audit: dump.audit.length,
      files: dump.files.length,
      blobs,
      ...users,
      imports: dump.imports.length,
      slots: dump.slots.length,
      summaries: dump.summaries.length,
      planYears: dump.plans.length,
      taskNotes: dump.taskNotes.length,
      watchPlaces: dump.watch.places.length,
      watchPosts: dump.watch.posts.length,
      platformKeys: KEY_FIELDS.filter((f) => dump.metrics.keys[f] !== null).length,
      metricStates: dump.metrics.states.length,
      metricReadings: dump.metrics.readings.length,
    };
  });
}

/**
 * The ward's accounts as the city keeps them: each belongs to the commune it moves into. Only into a
 * database with no account at all do the ward's admins stay admins of the deployment (as the first
 * account of a new deployment is): someone must be able to add communes.
 */
async function accountsOf(db: Queryable, dump: CommuneDump, code: string): Promise<CommuneDump['users']> {
  const first = (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users'))!.n === 0;
  return dump.users.map((u) => (first && u.role === 'admin' && !u.commune ? u : { ...u, commune: code }));
}

/** The commune to load into, locked against the app's writes until the commit (its lock first, as theirs). */
async function targetCommune(db: Queryable, target: CommuneTarget): Promise<{ id: number; created: boolean }> {
  const known = await one<{ id: number }>(db, 'SELECT id FROM communes WHERE code = $1', [target.code]);
  if (known) await db.query('SELECT pg_advisory_xact_lock($1, $2)', [COMMUNE_LOCK_CLASS, known.id]);
  const found = known && (await one<{ id: number }>(db, 'SELECT id FROM communes WHERE id = $1 FOR UPDATE', [known.id]));
  if (!found) {
    const made = await one<{ id: number }>(db, 'INSERT INTO communes (code, name, kind, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [target.code, target.name, target.kind, toLocalIso(new Date())]);
    return { id: made!.id, created: true };
  }
  const counts = (await one<Record<string, number>>(db, `SELECT ${COMMUNE_TABLES.map(([t]) => `(SELECT count(*) FROM ${t} WHERE commune_id = $1)::int AS ${t}`).join(', ')}`, [found.id]))!;
  const held = Object.entries(counts).filter(([, n]) => n > 0);
  if (held.length) {
    const what = held.map(([t, n]) => `${n} ${t.replace('_', ' ')} row(s)`).join(', ');
    throw new MoveRefusedError(`The commune "${target.code}" already holds data (${what}). A ward moves only into a new or empty commune, never into one with records: choose another code.`);
  }
  await db.query('UPDATE communes SET name = $2, kind = $3 WHERE id = $1', [found.id, target.name, target.kind]);
  return { id: found.id, created: false };
}

/** Adds the ward's accounts and tokens; those the database has already must be the same records. */
async function loadAccounts(db: Queryable, dump: CommuneDump): Promise<Pick<LoadReport, 'users' | 'tokens'>> {
  const users = { added: 0, existing: 0 };
  const tokens = { added: 0, existing: 0 };
  const clashes: string[] = [];
  for (const user of dump.users) {
    const res = await db.query('INSERT INTO users (username, record) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING', [user.username, JSON.stringify(user)]);
    if (res.rowCount) users.added++;
    else if (isDeepStrictEqual((await one<{ record: unknown }>(db, 'SELECT record FROM users WHERE username = $1', [user.username]))?.record, user)) users.existing++;
    else clashes.push(`account "${user.username}"`);
  }
  for (const token of dump.tokens) {
    // In the order they were made: `seq` keeps it.
    const res = await db.query('INSERT INTO tokens (id, username, hash, record) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING', [token.id, token.username, token.hash, JSON.stringify(token)]);
    if (res.rowCount) tokens.added++;
    else if (isDeepStrictEqual((await one<{ record: unknown }>(db, 'SELECT record FROM tokens WHERE id = $1', [token.id]))?.record, token)) tokens.existing++;
    else clashes.push(`API token ${token.id} of "${token.username}"`);
  }
  if (clashes.length) {
    throw new MoveRefusedError(
      `The database already has ${clashes.join(', ')} with different details. Accounts are shared by every commune of the deployment: ` +
        'rename or remove the clashing account in one of the two places, then move again. Nothing was moved.',
    );
  }
  return { users, tokens };
}

async function insertJson(db: Queryable, commune: number, sql: string, records: readonly object[]): Promise<void> {
  for (let i = 0; i < records.length; i += RECORDS_PER_INSERT) {
    await db.query(sql, [commune, JSON.stringify(records.slice(i, i + RECORDS_PER_INSERT))]);
  }
}

/**
 * The platforms' figures, through the same writes as the app's: the keys' sealed text unchanged (they
 * open under the same session secret and commune code), the readings in the ward's order.
 */
async function loadMetrics(tx: TxMetrics, metrics: CommuneDump['metrics']): Promise<void> {
  if (!isDeepStrictEqual(metrics.keys, emptyPlatformKeys())) await tx.putPlatformKeys(metrics.keys);
  for (let i = 0; i < metrics.states.length; i += RECORDS_PER_INSERT) await tx.putMetricStates(metrics.states.slice(i, i + RECORDS_PER_INSERT));
  for (let i = 0; i < metrics.readings.length; i += RECORDS_PER_INSERT) await tx.addMetricReadings(metrics.readings.slice(i, i + RECORDS_PER_INSERT));
  if (metrics.run) await tx.putMetricsRun(metrics.run);
}

/** Moves each id sequence past the largest id of its table, never back: the next new record's id is new. */
async function advanceSequences(db: Queryable): Promise<void> {
  for (const [table, sequence] of COMMUNE_TABLES) {
    if (!sequence) continue;
    await rows(db, `SELECT setval('${sequence}', t.m) FROM (SELECT max(id) AS m FROM ${table}) t, ${sequence} s WHERE t.m >= s.last_value`);
  }
}

/** Copies each distinct file content into the deployment's folder (content-addressed, written whole then renamed). */
async function copyBlobs(dump: CommuneDump, filesDir: string): Promise<LoadReport['blobs']> {
  const target = new FolderBlobStore(path.resolve(filesDir));
  const report: LoadReport['blobs'] = { copied: 0, missing: [], damaged: [] };
  for (const sha256 of new Set(dump.files.map((f) => f.sha256))) {
    const bytes = /^[0-9a-f]{64}$/.test(sha256) ? await dump.blobs.open(sha256) : null;
    if (!bytes) {
      report.missing.push(sha256);
      continue;
    }
    const kept = await target.put(bytes);
    if (kept.sha256 === sha256) report.copied++;
    else report.damaged.push(sha256);
  }
  return report;
}
