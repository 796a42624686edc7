/**
 * Seeds a city deployment's PostgreSQL database for the benchmark, in SQL (no app code in the loop):
 * 114 communes (67 xã, 45 phường, 2 đặc khu), three years (2024–2026) of log, one editor per commune
 * and a deployment admin, each with an API token. The rows are what the app writes (the same columns,
 * local ISO times, folded search text), made by INSERT … SELECT generate_series per commune, two
 * connections at a time, with the secondary indexes dropped first and built again at the end.
 *
 * The data is deterministic (hashes of the ids, no random()): each commune-year has the same number of
 * entries, about four airings per item, radio most (two sessions a day), then the portal and fanpage,
 * Zalo, notice boards, meetings; one in 400 entries deleted.
 */
import type { ApiToken, User } from '../../src/domain/auth.js';
import { defaultSettings } from '../../src/domain/settings.js';
import { foldText } from '../../src/domain/text.js';
import { FORMATS, TOPICS, UNITS } from '../../src/domain/vocabulary.js';
import { hashPasswordWithCost } from '../../src/security/passwords.js';
import { hashApiToken, newApiToken } from '../../src/security/tokens.js';
import { openPostgresStorage } from '../../src/storage/postgres/index.js';
import pg from 'pg';
import { rowsCountedOtherwise } from '../pg/counted.js';

export interface CityCommune {
  /** The row's id in `communes`. */
  id: number;
  code: string;
  name: string;
  kind: string;
  /** The commune's editor (`commune` set) and that editor's API token. */
  editor: string;
  token: string;
}

export interface SeededCity {
  communes: CityCommune[];
  /** The deployment's admin (no commune) and its token. */
  admin: { username: string; token: string };
  entries: number;
  items: number;
  /** Entries per commune-year. */
  perCommuneYear: number;
  seedMs: number;
  /** Where the seeding's time went, in ms. */
  phases: Record<string, number>;
  dbSizeMb: number;
}

/** A word that occurs in about one item in twelve (one of the title templates), for the list's text search. */
export const SEARCH_WORDS = 'căn cước';

const YEARS = [2024, 2025, 2026];
const FIRST_YEAR = 2024;
/** The current year is logged up to 21 November (the last day filled, as in seed.ts). */
const LAST_DAY_EXCLUSIVE = '2026-11-22';
/** Entries per item: an item is aired or posted about four times. */
const ENTRIES_PER_ITEM = 4;

const KINDS: { kind: string; prefix: string; label: string; count: number }[] = [
  { kind: 'xã', prefix: 'xa', label: 'Xã', count: 67 },
  { kind: 'phường', prefix: 'phuong', label: 'Phường', count: 45 },
  { kind: 'đặc khu', prefix: 'dac-khu', label: 'Đặc khu', count: 2 },
];

const TITLES = [
  'Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia',
  'Thanh toán trực tuyến phí, lệ phí khi giải quyết thủ tục hành chính',
  'Cấp căn cước và kích hoạt định danh điện tử VNeID cho người dân',
  'Mô hình chính quyền địa phương 02 cấp: những điều người dân cần biết',
  'Đường dây nóng tiếp nhận phản ánh, kiến nghị về thủ tục hành chính',
  'Kết quả các chỉ số PAR Index, SIPAS năm trước và giải pháp nâng cao',
  'Chuyển đổi số trong tiếp nhận và trả kết quả thủ tục hành chính',
  'Hưởng ứng Cuộc thi tìm hiểu về cải cách hành chính',
  'Liên thông đăng ký khai sinh, thường trú, thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi',
  'Trách nhiệm người đứng đầu trong công tác cải cách hành chính',
  'Dịch vụ bưu chính công ích tiếp nhận hồ sơ, trả kết quả tại nhà',
  'Văn hóa công vụ, đạo đức cán bộ tại Bộ phận một cửa',
];
const SUMMARIES = [
  'Thông tin, hướng dẫn người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến.',
  'Tuyên truyền chủ trương, chính sách của Đảng, pháp luật của Nhà nước về cải cách hành chính.',
  'Biểu dương các mô hình hay, cách làm hiệu quả trong giải quyết thủ tục hành chính tại địa phương.',
  'Phổ biến chỉ tiêu cải cách hành chính năm và lịch tiếp nhận hồ sơ của Trung tâm Phục vụ hành chính công.',
];
const NOTES = ['', 'Phát trong chương trình buổi sáng', 'Phát lại trong chương trình buổi chiều', 'Lồng ghép tại hội nghị tổ dân phố'];
/** Formats weighted by how often offices use them: news most. */
const FORMAT_CODES = ['news', 'news', 'news', 'news', 'news', 'news', 'article', 'article', 'audio', 'video', 'photo', 'infographic', 'report', 'section', 'slogan'];
/** The unit that does most of the airing (the public service centre) appears most. */
const UNIT_CODES = ['tt-dvsnc', 'tt-dvsnc', 'tt-dvsnc', 'vp-hdnd-ubnd', 'tt-phcc', 'tt-phcc', 'vh-xh', 'kt-ht-dt', 'mttq'];

for (const code of FORMAT_CODES) if (!FORMATS.some((f) => f.code === code)) throw new Error(`unknown format ${code}`);
for (const code of UNIT_CODES) if (!UNITS.some((u) => u.code === code)) throw new Error(`unknown unit ${code}`);

const unitLabel = (code: string): string => UNITS.find((u) => u.code === code)!.label;

/**
 * A pseudo-random whole number in [0, 2^31) of an id and a salt, in SQL: the same on every run.
 * (`hashint8` is PostgreSQL's own hash of a bigint.)
 */
const h = (id: string, salt: number): string => `(hashint8(${id}::bigint * 16 + ${salt})::bigint & 2147483647)::int`;

/** Stored times: the app's local ISO text, one fixed offset. */
const AT_FMT = `'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'`;

/**
 * One commune's items, all three years: `$1` commune id, `$2` its index (0…), `$3` its editor, then
 * the word lists. Item j of year y is first aired on the day of its first entry (see ENTRIES_SQL).
 */
function itemsSql(itemsPerYear: number, entriesPerYear: number): string {
  return `
INSERT INTO items (commune_id, id, title, summary, format, topics, unit, author, source_url, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by, title_key, search)
SELECT $1::int, b.id, t.title || ' - số ' || b.id, t.summary, t.format, t.topics, t.unit, t.author, NULL, b.at, $3::text, b.at, $3::text, NULL, NULL,
  t.title_key || ' - so ' || b.id, t.title_key || ' - so ' || b.id || ' ' || t.summary_key || ' ' || t.author_key
FROM (
  SELECT id, to_char(make_date(${FIRST_YEAR} + y, 1, 1) + (${ENTRIES_PER_ITEM} * j * span / ${entriesPerYear})::int + time '05:30', ${AT_FMT}) AS at,
    ${h('id', 1)} AS h1, ${h('id', 2)} AS h2, ${h('id', 3)} AS h3, ${h('id', 4)} AS h4
  FROM generate_series(0, ${YEARS.length - 1}) y
  CROSS JOIN LATERAL (SELECT least(make_date(${FIRST_YEAR + 1} + y, 1, 1), DATE '${LAST_DAY_EXCLUSIVE}') - make_date(${FIRST_YEAR} + y, 1, 1) AS span) s
  CROSS JOIN generate_series(0, ${itemsPerYear - 1}) j
  CROSS JOIN LATERAL (SELECT ($2::int * ${YEARS.length} + y) * ${itemsPerYear} + j + 1 AS id) i
) b
CROSS JOIN LATERAL (
  SELECT ($4::text[])[1 + b.h1 % ${TITLES.length}] AS title, ($5::text[])[1 + b.h1 % ${TITLES.length}] AS title_key,
    ($6::text[])[1 + b.h2 % ${SUMMARIES.length}] AS summary, ($7::text[])[1 + b.h2 % ${SUMMARIES.length}] AS summary_key,
    ($8::text[])[1 + b.h3 % ${FORMAT_CODES.length}] AS format,
    CASE WHEN b.h4 % 3 = 0
      THEN ARRAY[($9::text[])[1 + b.h4 % ${TOPICS.length}], ($9::text[])[1 + (b.h4 % ${TOPICS.length} + 1 + b.h3 % ${TOPICS.length - 1}) % ${TOPICS.length}]]
      ELSE ARRAY[($9::text[])[1 + b.h4 % ${TOPICS.length}]] END AS topics,
    ($10::text[])[1 + b.h2 % ${UNIT_CODES.length}] AS unit, ($11::text[])[1 + b.h2 % ${UNIT_CODES.length}] AS author,
    ($12::text[])[1 + b.h2 % ${UNIT_CODES.length}] AS author_key
) t`;
}

const ONLINE = ['portal', 'fanpage', 'zalo-oa', 'zalo-mini-app', 'youtube'];
const sqlList = (codes: string[]): string => codes.map((c) => `'${c}'`).join(', ');

/**
 * One commune's entries, all three years: `$1` commune id, `$2` its index, `$3` its editor, `$4` its
 * code, `$5` the notes and `$6` them folded. Entry k of a year falls on day k·span/E, at 6:xx or
 * 17:xx on the radio and in office hours elsewhere; entries 4j…4j+3 are airings of item j. What each
 * entry counts for (the last four columns) restates the domain's `contributionOf` and `monthOf` in SQL,
 * as the app does not write these rows: `seedCity` checks a sample of them against those functions.
 */
function entriesSql(itemsPerYear: number, entriesPerYear: number): string {
  return `
INSERT INTO entries (commune_id, id, item_id, channel, at, play_count, duration_seconds, url, views, interactions, note, recorded_by, recorded_at, updated_at, updated_by, deleted_at, deleted_by, search,
  month, airtime, counted_views, counted_interactions)
SELECT r.*, left(r.at, 7), r.play_count::bigint * coalesce(r.duration_seconds, 0), coalesce(r.views, 0), coalesce(r.interactions, 0)
FROM (
SELECT $1::int, id, item_id, channel, to_char(ts, ${AT_FMT}) AS at,
  CASE WHEN channel IN (${sqlList([...ONLINE, 'press'])}) THEN 1 ELSE 1 + h2 % 3 END AS play_count,
  CASE WHEN channel = 'radio' THEN 60 + h3 % 240 END AS duration_seconds,
  url, CASE WHEN url IS NOT NULL THEN h3 % 3000 END AS views, CASE WHEN url IS NOT NULL THEN h2 % 200 END AS interactions,
  ($5::text[])[note], $3::text, recorded, recorded, $3::text,
  CASE WHEN h5 % 400 = 0 THEN recorded END, CASE WHEN h5 % 400 = 0 THEN $3::text END,
  concat_ws(' ', nullif(($6::text[])[note], ''), url)
FROM (
  SELECT id, item_id, channel, ts, h2, h3, h5,
    to_char(ts + make_interval(mins => 3 + h4 % 180, secs => h5 % 60), ${AT_FMT}) AS recorded,
    CASE WHEN channel = 'meeting' THEN 4 WHEN channel = 'radio' AND h3 % 5 = 0 THEN (CASE WHEN morning THEN 2 ELSE 3 END) ELSE 1 END AS note,
    CASE WHEN channel = 'fanpage' THEN 'https://www.facebook.com/' || $4::text || '/posts/' || id
      WHEN channel IN (${sqlList(ONLINE)}) THEN 'https://' || $4::text || '.haiphong.gov.vn/cai-cach-hanh-chinh/tin-' || id END AS url
  FROM (
    SELECT id, item_id, channel, h2, h3, h4, h5, h4 % 2 = 0 AS morning,
      make_date(${FIRST_YEAR} + y, 1, 1) + (k * span / ${entriesPerYear})::int
        + make_interval(hours => CASE WHEN channel = 'radio' THEN (CASE WHEN h4 % 2 = 0 THEN 6 ELSE 17 END) ELSE 7 + h4 % 10 END, mins => h5 % 60) AS ts
    FROM (
      SELECT y, k, span, id, ($2::int * ${YEARS.length} + y) * ${itemsPerYear} + k / ${ENTRIES_PER_ITEM} + 1 AS item_id,
        ${h('id', 2)} AS h2, ${h('id', 3)} AS h3, ${h('id', 4)} AS h4, ${h('id', 5)} AS h5,
        CASE WHEN r < 55 THEN 'radio' WHEN r < 67 THEN 'portal' WHEN r < 79 THEN 'fanpage' WHEN r < 85 THEN 'zalo-oa' WHEN r < 87 THEN 'zalo-mini-app'
          WHEN r < 89 THEN 'youtube' WHEN r < 91 THEN 'press' WHEN r < 95 THEN 'noticeboard' WHEN r < 97 THEN 'banner' ELSE 'meeting' END AS channel
      FROM generate_series(0, ${YEARS.length - 1}) y
      CROSS JOIN LATERAL (SELECT least(make_date(${FIRST_YEAR + 1} + y, 1, 1), DATE '${LAST_DAY_EXCLUSIVE}') - make_date(${FIRST_YEAR} + y, 1, 1) AS span) s
      CROSS JOIN generate_series(0, ${entriesPerYear - 1}) k
      CROSS JOIN LATERAL (SELECT ($2::int * ${YEARS.length} + y) * ${entriesPerYear} + k + 1 AS id) i
      CROSS JOIN LATERAL (SELECT ${h('id', 1)} % 100 AS r) c
    ) a
  ) b
) e
) r`;
}

/** Runs `work` on each element with `n` connections at a time, each its own client. */
async function onClients<T>(url: string, n: number, list: T[], setup: string[], work: (db: pg.Client, item: T) => Promise<void>): Promise<void> {
  const queue = [...list];
  await Promise.all(
    Array.from({ length: n }, async () => {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        for (const s of setup) await db.query(s);
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) await work(db, next);
      } finally {
        await db.end();
      }
    }),
  );
}

/**
 * Makes the schema (the app's migrations, by opening the engine once) and fills it. `entries` is the
 * deployment's total (rounded down to equal commune-years). `log` reports progress.
 */
export async function seedCity(url: string, filesDir: string, opts: { entries: number; log?: (line: string) => void }): Promise<SeededCity> {
  const log = opts.log ?? (() => undefined);
  const communeCount = KINDS.reduce((n, k) => n + k.count, 0);
  const perCommuneYear = Math.floor(opts.entries / (communeCount * YEARS.length));
  if (perCommuneYear < ENTRIES_PER_ITEM) throw new Error(`BENCH_CITY_ENTRIES=${opts.entries} is too few for ${communeCount} communes × ${YEARS.length} years`);
  const t0 = Date.now();
  const phases: Record<string, number> = {};
  let mark = Date.now();
  const phase = (name: string): void => {
    phases[name] = Date.now() - mark;
    mark = Date.now();
  };
  const storage = await openPostgresStorage({ url, filesDir });
  await storage.close();
  phase('migrate');

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // The seed writes a couple of GB of WAL: fewer checkpoints on the way (a city server would have this too).
    await db.query(`ALTER SYSTEM SET max_wal_size = '4GB'`);
    await db.query('SELECT pg_reload_conf()');

    // The communes: the first one the engine made ('main') becomes the first xã.
    const wanted = KINDS.flatMap((k) => Array.from({ length: k.count }, (_, i) => ({ code: `${k.prefix}-${String(i + 1).padStart(3, '0')}`, name: `${k.label} số ${i + 1}`, kind: k.kind })));
    const now = '2024-01-01T08:00:00+07:00';
    await db.query(`UPDATE communes SET code = $1, name = $2, kind = $3, created_at = $4 WHERE id = (SELECT min(id) FROM communes)`, [wanted[0]!.code, wanted[0]!.name, wanted[0]!.kind, now]);
    await db.query(`INSERT INTO communes (code, name, kind, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) CROSS JOIN (SELECT $4::text) n`, [
      wanted.slice(1).map((c) => c.code),
      wanted.slice(1).map((c) => c.name),
      wanted.slice(1).map((c) => c.kind),
      now,
    ]);
    const ids = new Map((await db.query<{ id: number; code: string }>('SELECT id, code FROM communes')).rows.map((r) => [r.code, r.id]));
    if (ids.size !== wanted.length) throw new Error(`expected ${wanted.length} communes, found ${ids.size}`);

    // Accounts: an editor per commune, the deployment's admin; a token each (only its hash is stored).
    const passwordHash = await hashPasswordWithCost('bench-mat-khau-dai', 1024);
    const communes: CityCommune[] = wanted.map((c) => ({ ...c, id: ids.get(c.code)!, editor: `bt-${c.code}`, token: newApiToken() }));
    const admin = { username: 'tp-quantri', token: newApiToken() };
    const userOf = (username: string, fullName: string, role: User['role'], commune?: string): User & { commune?: string } => ({
      username, fullName, role, ...(commune ? { commune } : {}), passwordHash, disabled: false, sessionVersion: 1, createdAt: now, createdBy: 'seed', updatedAt: now, updatedBy: 'seed',
    });
    const users = [...communes.map((c) => userOf(c.editor, `Biên tập viên ${c.name}`, 'editor', c.code)), userOf(admin.username, 'Quản trị thành phố', 'admin')];
    const tokens: ApiToken[] = [...communes.map((c) => ({ u: c.editor, t: c.token })), { u: admin.username, t: admin.token }].map(({ u, t }, i) => ({
      id: `bench${String(i).padStart(7, '0')}`, name: 'bench', username: u, hash: hashApiToken(t), createdAt: now, revokedAt: null,
    }));
    await db.query('INSERT INTO users (username, record) SELECT u, r::jsonb FROM unnest($1::text[], $2::text[]) AS t(u, r)', [users.map((u) => u.username), users.map((u) => JSON.stringify(u))]);
    await db.query('INSERT INTO tokens (id, username, hash, record) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::jsonb[])', [
      tokens.map((t) => t.id), tokens.map((t) => t.username), tokens.map((t) => t.hash), tokens.map((t) => JSON.stringify(t)),
    ]);
    // Each commune's settings: its name and kind, the default vocabulary.
    await db.query(`INSERT INTO commune_docs (commune_id, name, doc) SELECT c, 'settings', d::jsonb FROM unnest($1::int[], $2::text[]) AS t(c, d)`, [
      communes.map((c) => c.id), communes.map((c) => JSON.stringify({ ...defaultSettings(), communeName: c.name, communeKind: c.kind })),
    ]);
    phase('communes and accounts');

    // The log. Secondary indexes are dropped and built again after (much faster than row by row);
    // the primary keys stay. The foreign key's trigger is skipped (session_replication_role): every
    // entry's item is made with it, by construction.
    const indexes = (
      await db.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('items', 'entries')
           AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
      )
    ).rows;
    for (const ix of indexes) await db.query(`DROP INDEX ${ix.name}`);
    await db.query('ALTER TABLE items SET (autovacuum_enabled = false)');
    await db.query('ALTER TABLE entries SET (autovacuum_enabled = false)');

    const itemsPerYear = Math.ceil(perCommuneYear / ENTRIES_PER_ITEM);
    const items = itemsSql(itemsPerYear, perCommuneYear);
    const entries = entriesSql(itemsPerYear, perCommuneYear);
    const lists = {
      titles: TITLES, titleKeys: TITLES.map(foldText), summaries: SUMMARIES, summaryKeys: SUMMARIES.map(foldText), formats: FORMAT_CODES,
      topics: TOPICS.map((t) => t.code), units: UNIT_CODES, authors: UNIT_CODES.map(unitLabel), authorKeys: UNIT_CODES.map((u) => foldText(unitLabel(u))),
    };
    let done = 0;
    await onClients(url, 2, communes.map((c, ix) => ({ c, ix })), ['SET session_replication_role = replica', 'SET synchronous_commit = off'], async (client, { c, ix }) => {
      await client.query(items, [c.id, ix, c.editor, lists.titles, lists.titleKeys, lists.summaries, lists.summaryKeys, lists.formats, lists.topics, lists.units, lists.authors, lists.authorKeys]);
      await client.query(entries, [c.id, ix, c.editor, c.code, NOTES, NOTES.map(foldText)]);
      if (++done % 19 === 0) log(`  seeded ${done}/${communes.length} communes (${Math.round((Date.now() - t0) / 1000)} s)`);
    });
    const counted = await rowsCountedOtherwise(db, 5_000);
    if (counted.length) throw new Error(`seeded rows counted otherwise than the domain counts them: ${JSON.stringify(counted.slice(0, 3))}`);
    phase('rows');
    // The rollup of the reports (migration 0003), computed set-wise per commune: the triggers that
    // keep it did not run (session_replication_role).
    await onClients(url, 2, communes, [], async (client, c) => {
      await client.query('SELECT entry_months_rebuild($1)', [c.id]);
    });
    phase('rollup');
    // The biggest builds first, so the two connections finish together.
    const order = (def: string): number => (def.includes('gin') ? 0 : 1);
    await onClients(url, 2, [...indexes].sort((a, b) => order(a.def) - order(b.def)), ["SET maintenance_work_mem = '512MB'", 'SET max_parallel_maintenance_workers = 0'], async (client, ix) => {
      await client.query(ix.def);
    });
    phase('indexes');
    await db.query('ALTER TABLE items RESET (autovacuum_enabled)');
    await db.query('ALTER TABLE entries RESET (autovacuum_enabled)');
    await db.query(`SELECT setval('items_id_seq', (SELECT max(id) FROM items)), setval('entries_id_seq', (SELECT max(id) FROM entries))`);
    await onClients(url, 2, ['VACUUM (ANALYZE) entries', 'VACUUM (ANALYZE) items', 'VACUUM (ANALYZE) entry_months'], [], async (client, sql) => {
      await client.query(sql);
    });
    await db.query('ANALYZE');
    // The seed's dirty pages go to disk now, not during the measurements.
    await db.query('CHECKPOINT');
    phase('vacuum, analyze, checkpoint');
    const counts = (await db.query<{ entries: number; items: number; mb: number }>(
      `SELECT (SELECT count(*) FROM entries)::int AS entries, (SELECT count(*) FROM items)::int AS items, (pg_database_size(current_database()) / 1048576)::int AS mb`,
    )).rows[0]!;
    return { communes, admin, entries: counts.entries, items: counts.items, perCommuneYear, seedMs: Date.now() - t0, phases, dbSizeMb: counts.mb };
  } finally {
    await db.end();
  }
}
