/**
 * Moves a ward's embedded data directory into a commune of the city's PostgreSQL database, losing
 * nothing: `npm run move-to-postgres -- --data-dir ./data --commune an-hai`. Run it with the city
 * server's environment: DATABASE_URL names the database, FILES_DIR (default DATA_DIR/files, as the
 * server reads it) the folder the evidence files' bytes are copied to.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config.js';
import { COMMUNE_KINDS } from '../domain/settings.js';
import type { CommuneKind } from '../domain/sentence.js';
import { MoveRefusedError } from '../storage/dump.js';
import { dumpDataDir } from '../storage/lowdb/dump.js';
import { CorruptDataFileError, DataDirLockedError } from '../storage/lowdb/index.js';
import { type LoadReport, loadCommune } from '../storage/postgres/load.js';
import { migrate } from '../storage/postgres/migrate.js';

export interface MoveOptions {
  /** The ward's data directory. */
  dataDir: string;
  /** Which of the data directory's communes (when it serves several); default its own (`main`). */
  from?: string;
  databaseUrl: string;
  /** Where the deployment keeps evidence files' bytes. */
  filesDir: string;
  /** The commune's code in the deployment: lowercase letters, digits, hyphens. */
  code: string;
  /** Default: the commune name of the ward's settings. */
  name?: string;
  /** xã, phường or đặc khu; default: the ward's settings. */
  kind?: string;
}

export interface MoveReport extends LoadReport {
  code: string;
  name: string;
  kind: string;
  deletedItems: number;
  deletedEntries: number;
  /**
   * The code the platforms' keys were sealed under, when it is not the commune's code in the city: a
   * sealed key is bound to its commune's code, so those keys do not open there until entered again.
   */
  keysSealedFor: string | null;
}

const CODE_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_CODE = 64;
const MAX_NAME = 100;

/**
 * Copies a ward's data directory (held locked meanwhile: its server must be stopped) into the
 * commune `code` of the database, all or nothing. Refusals throw `MoveRefusedError` (or
 * `DataDirLockedError` when the directory is in use) with a message for the operator.
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveReport> {
  const { code } = options;
  if (!CODE_RE.test(code) || code.length > MAX_CODE) {
    throw new MoveRefusedError(`"${code}" is not a commune code: use lowercase letters a-z, digits and single hyphens inside, up to ${MAX_CODE} characters (for example an-hai).`);
  }
  if (options.kind !== undefined && !COMMUNE_KINDS.includes(options.kind as CommuneKind)) {
    throw new MoveRefusedError(`"${options.kind}" is not a kind of commune: use one of ${COMMUNE_KINDS.join(', ')}.`);
  }
  const dump = await dumpDataDir(options.dataDir, options.from);
  try {
    const name = (options.name ?? dump.settings.communeName).trim();
    if (!name) throw new MoveRefusedError(`The ward's settings give no commune name: give it with --name.`);
    if ([...name].length > MAX_NAME) throw new MoveRefusedError(`The commune's name is longer than ${MAX_NAME} characters.`);
    const kind = options.kind ?? dump.settings.communeKind;
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    // An idle client that loses its connection must not bring the process down.
    pool.on('error', () => undefined);
    try {
      await migrate(pool);
      const loaded = await loadCommune(pool, { code, name, kind }, dump, options.filesDir);
      return {
        ...loaded,
        code,
        name,
        kind,
        deletedItems: dump.items.filter((i) => i.deletedAt).length,
        deletedEntries: dump.entries.filter((e) => e.deletedAt).length,
        // Not sealed again here: the tool does not open secrets; the admin types them again (the report says so).
        keysSealedFor: loaded.platformKeys > 0 && dump.commune !== code ? dump.commune : null,
      };
    } finally {
      await pool.end();
    }
  } finally {
    await dump.close();
  }
}

/** What was moved, as the lines the command prints. */
export function describeMove(dataDir: string, filesDir: string, r: MoveReport): string {
  const lines = [
    `Moved ${dataDir} into the commune "${r.code}" (${r.name}, ${r.kind}; ${r.created ? 'new' : 'was empty'}, id ${r.communeId}):`,
    `  items:            ${r.items} (${r.deletedItems} deleted)`,
    `  entries:          ${r.entries} (${r.deletedEntries} deleted)`,
    `  audit records:    ${r.audit}`,
    `  attached files:   ${r.files} (${r.blobs.copied} distinct contents copied to ${filesDir})`,
    `  accounts:         ${r.users.added} added, ${r.users.existing} already there`,
    `  API tokens:       ${r.tokens.added} added, ${r.tokens.existing} already there`,
    `  imports:          ${r.imports}`,
    `  schedule slots:   ${r.slots}`,
    `  weekly summaries: ${r.summaries}`,
    `  plan:             ${r.planYears} year(s), ${r.taskNotes} task note(s)`,
    `  portal watch:     ${r.watchPlaces} place(s), ${r.watchPosts} post(s) found`,
    `  platform figures: ${r.platformKeys} key(s), ${r.metricStates} post(s) followed, ${r.metricReadings} dated reading(s)`,
  ];
  if (r.blobs.missing.length) lines.push(`Warning: the bytes of ${r.blobs.missing.length} file(s) were already missing from the ward's folder (their records were moved): ${r.blobs.missing.join(', ')}`);
  if (r.blobs.damaged.length) lines.push(`Warning: ${r.blobs.damaged.length} file(s) in the ward's folder no longer match their SHA-256 (damaged; not copied): ${r.blobs.damaged.join(', ')}`);
  if (r.keysSealedFor !== null) {
    lines.push(
      `Warning: the ${r.platformKeys} platform key(s) were sealed for the commune "${r.keysSealedFor}" and do not open as "${r.code}" (a sealed key is bound to its commune's code): ` +
        `an admin of "${r.code}" must enter them again in Cài đặt, "Kết nối nền tảng"; until then the views refresh reports them unreadable. The figures already read were moved.`,
    );
  }
  lines.push('Restart the city\'s app servers so that they serve this commune; keep the ward\'s data directory as a backup, and do not start its server again.');
  return lines.join('\n');
}

const USAGE = `Usage: npm run move-to-postgres -- --data-dir DIR --commune CODE [--name NAME] [--kind xã|phường|đặc khu] [--from CODE]

Copies a ward's data directory (its server stopped) into a commune of the PostgreSQL database named
by DATABASE_URL; evidence files go to FILES_DIR (default DATA_DIR/files, DATA_DIR default ./data).
The commune must be new, or empty. Everything is kept: ids, deleted records, the audit trail.
A data directory that serves several communes moves one at a time: --from names it (default: the
directory's own, "main"), with its accounts.
The platforms' keys move as sealed: they open under the same SESSION_SECRET only in a commune of the
code they were sealed under (the --from code); elsewhere an admin enters them again (the tool says so).`;

/** The command: parses the arguments, moves, prints what it did; resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values: { 'data-dir'?: string; commune?: string; name?: string; kind?: string; from?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, commune: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values['data-dir'] || !values.commune) {
    console.error(`--data-dir and --commune are required.\n\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  if (!config.databaseUrl) {
    console.error('DATABASE_URL is not set: give the city database, e.g. DATABASE_URL=postgres://user:password@host:5432/cchc');
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  try {
    const report = await moveToPostgres({ dataDir, databaseUrl: config.databaseUrl, filesDir: config.filesDir, code: values.commune, name: values.name, kind: values.kind, from: values.from });
    console.log(describeMove(dataDir, config.filesDir, report));
    return 0;
  } catch (err) {
    const known = err instanceof MoveRefusedError || err instanceof DataDirLockedError || err instanceof CorruptDataFileError;
    console.error(`Nothing was moved. ${known ? (err as Error).message : (err as Error).stack ?? String(err)}`);
    return 1;
  }
}

// Run as a command (not when a test imports it).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
