/**
 * The SQL that empties a test database back to what the migrated template holds: every table but the
 * migrations' emptied, the template's rows (the first commune) put back, every sequence where the
 * template left it. Written once from the template, run after each test on the databases it used.
 */
import type pg from 'pg';

const MIGRATIONS_TABLE = 'schema_migrations';
/** Past this size a table is truncated (DELETE of a few rows takes a millisecond, TRUNCATE tens). */
const TRUNCATE_ABOVE_BYTES = 1 << 20;

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The reset script of the database `db` is connected to (the template, before any copy is made). */
export async function resetScript(db: pg.Client): Promise<string> {
  const tables = (
    await db.query<{ name: string; columns: string[] }>(
      `SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1
       GROUP BY c.relname ORDER BY c.relname`,
      [MIGRATIONS_TABLE],
    )
  ).rows;
  const refill: string[] = [];
  for (const { name, columns } of tables) {
    const rows = (await db.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM ${ident(name)} t`)).rows[0]!.rows;
    if (!rows) continue;
    const list = columns.map(ident).join(', ');
    refill.push(`INSERT INTO ${ident(name)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${ident(name)}, ${literal(JSON.stringify(rows))});`);
  }
  const sequences = (await db.query<{ name: string; last: string | null; start: string }>(`SELECT sequencename AS name, last_value::text AS last, start_value::text AS start FROM pg_sequences WHERE schemaname = 'public'`)).rows;
  const setvals = sequences.map((s) => `setval(${literal(ident(s.name))}, ${s.last ?? s.start}, ${s.last !== null})`);
  // One round trip, one transaction. The replica role keeps triggers (the month counts kept beside the
  // entries) and foreign keys out of it: the tables are emptied all together, in any order. A table a
  // later migration or the app adds is emptied too (the catalog is read at each reset).
  return `SET lock_timeout = '3s';
BEGIN;
SET LOCAL session_replication_role = replica;
DO $reset$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS t, pg_relation_size(c.oid) AS size FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ${literal(MIGRATIONS_TABLE)} LOOP
    IF r.size > ${TRUNCATE_ABOVE_BYTES} THEN EXECUTE format('TRUNCATE %s CASCADE', r.t); ELSE EXECUTE format('DELETE FROM %s', r.t); END IF;
  END LOOP;
  FOR r IN SELECT s.oid::regclass AS s, q.seqstart FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid JOIN pg_namespace n ON n.oid = s.relnamespace
           WHERE n.nspname = 'public' LOOP
    PERFORM setval(r.s, r.seqstart, false);
  END LOOP;
END $reset$;
${refill.join('\n')}
${setvals.length ? `SELECT ${setvals.join(', ')};` : ''}
COMMIT;`;
}
