/** Test databases on the run's PostgreSQL server: each a copy of the migrated template, dropped after. */
import { inject } from 'vitest';
import pg from 'pg';

const TEMPLATE_DB = 'cchc_template';
let counter = 0;
let admin: pg.Pool | null = null;

const urlOf = (db: string): string => inject('pgUrl').replace('{db}', db);

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: urlOf('postgres'), max: 2 });
  return admin;
}

/** A new database with the schema and the first commune; its connection string. */
export async function newTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `cchc_t${process.pid}_${++counter}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return { name, url: urlOf(name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
