-- Up Migration
-- The figures of the live log (live entries of live items) by commune, item, channel and month, kept
-- exactly by the triggers below, so that reports of whole months read these rows instead of the
-- entries. The month is the first seven characters of the entry's local time (`2026-11`): text order
-- is time order, so a month's entries are exactly those in [its first day, the next month's first
-- day) from 00:00 +07:00.
--
-- Distinct items do not add across months or channels. Each row therefore also names the month of
-- the row before it of the same item and channel (`prev_month`), and of the row before it of the same
-- item in (month, channel) order (`item_prev`): a row is its item's first in the months [m1, m2]
-- (for that channel, or at all) exactly when that month is before m1 or there is none. Counting
-- those rows counts the distinct items of a period of whole months, in one pass, with no DISTINCT.
CREATE TABLE entry_months (
  commune_id int NOT NULL,
  item_id int NOT NULL,
  channel text NOT NULL,
  month text NOT NULL,
  entries int NOT NULL,
  plays bigint NOT NULL,
  -- Sum of play count × duration of one play (no duration adds 0), and of views and interactions (none adds 0).
  airtime bigint NOT NULL,
  views bigint NOT NULL,
  interactions bigint NOT NULL,
  prev_month text,
  item_prev text,
  -- An item's rows together: its pointers are computed again from them when it gains or loses one.
  PRIMARY KEY (commune_id, item_id, channel, month)
);

-- Adds changes to the rollup, given as parallel arrays of keys and deltas of the figures (each key
-- once): then drops the rows left with no entry, and sets again the pointers of the items that gained
-- or lost a row. Every writer of a commune's items and entries holds the commune's advisory lock (the
-- app's transactions, the move), so one item's rows are never changed by two transactions at once;
-- the increments themselves are row-locked upserts, right whatever runs beside them.
CREATE FUNCTION entry_months_apply(cs int[], its int[], chs text[], ms text[], ns bigint[], ps bigint[], ats bigint[], vs bigint[], xs bigint[])
RETURNS void LANGUAGE plpgsql
-- Plans made once per connection and kept: custom plans (made again for each call, since the
-- arguments are arrays) would cost more than the writes they plan. Likewise for the functions below.
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  touched_c int[];
  touched_i int[];
BEGIN
  -- A row whose entries are now its delta's was made by this change (no row is kept with none); one
  -- with none left goes.
  WITH d AS (SELECT * FROM unnest(cs, its, chs, ms, ns, ps, ats, vs, xs) AS d (commune_id, item_id, channel, month, entries, plays, airtime, views, interactions)),
  up AS (
    INSERT INTO entry_months AS r (commune_id, item_id, channel, month, entries, plays, airtime, views, interactions)
    SELECT * FROM d
    ON CONFLICT (commune_id, item_id, channel, month) DO UPDATE SET entries = r.entries + EXCLUDED.entries, plays = r.plays + EXCLUDED.plays,
      airtime = r.airtime + EXCLUDED.airtime, views = r.views + EXCLUDED.views, interactions = r.interactions + EXCLUDED.interactions
    RETURNING r.commune_id, r.item_id, r.channel, r.month, r.entries)
  SELECT array_agg(up.commune_id), array_agg(up.item_id) INTO touched_c, touched_i
  FROM up JOIN d USING (commune_id, item_id, channel, month)
  WHERE up.entries = d.entries OR up.entries = 0;
  IF touched_c IS NULL THEN
    RETURN;
  END IF;
  DELETE FROM entry_months r USING unnest(touched_c, touched_i) AS k (commune_id, item_id)
  WHERE r.commune_id = k.commune_id AND r.item_id = k.item_id AND r.entries = 0;
  PERFORM entry_months_link(touched_c, touched_i);
END $$;

-- Sets the pointers of the rows of some items (parallel arrays of communes and items) from their rows.
-- PL/pgSQL, not SQL, for its cached plan: this runs on every entry that makes a row.
CREATE FUNCTION entry_months_link(cs int[], its int[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  UPDATE entry_months r SET prev_month = w.prev_month, item_prev = w.item_prev
  FROM (
    SELECT e.commune_id, e.item_id, e.channel, e.month,
      lag(e.month) OVER (PARTITION BY e.commune_id, e.item_id, e.channel ORDER BY e.month) AS prev_month,
      lag(e.month) OVER (PARTITION BY e.commune_id, e.item_id ORDER BY e.month, e.channel) AS item_prev
    FROM entry_months e JOIN (SELECT DISTINCT * FROM unnest(cs, its) AS k (commune_id, item_id)) k ON e.commune_id = k.commune_id AND e.item_id = k.item_id
  ) w
  WHERE r.commune_id = w.commune_id AND r.item_id = w.item_id AND r.channel = w.channel AND r.month = w.month
    AND (r.prev_month IS DISTINCT FROM w.prev_month OR r.item_prev IS DISTINCT FROM w.item_prev);
END $$;

-- The entries changed by a statement, set-wise: one grouped change per statement, however many rows
-- (an import or a move inserts a thousand at a time). New rows count +1, old rows -1, only live
-- entries of live items; keys whose figures do not change (an edit of the note or the link) are left out.
CREATE FUNCTION entry_months_on_entries() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
    INTO cs, its, chs, ms, ns, ps, ats, vs, xs
    FROM (
      SELECT d.commune_id, d.item_id, d.channel, left(d.at, 7) AS month, count(*) AS n, sum(d.play_count) AS p,
        sum(d.play_count::bigint * coalesce(d.duration_seconds, 0)) AS a, coalesce(sum(d.views), 0) AS v, coalesce(sum(d.interactions), 0) AS x
      FROM new_rows d JOIN items i ON i.commune_id = d.commune_id AND i.id = d.item_id
      WHERE d.deleted_at IS NULL AND i.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4
    ) g;
  ELSE
    SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
    INTO cs, its, chs, ms, ns, ps, ats, vs, xs
    FROM (
      SELECT d.commune_id, d.item_id, d.channel, left(d.at, 7) AS month, sum(d.sign) AS n, sum(d.sign * d.play_count) AS p,
        sum(d.sign * d.play_count::bigint * coalesce(d.duration_seconds, 0)) AS a, coalesce(sum(d.sign * d.views), 0) AS v, coalesce(sum(d.sign * d.interactions), 0) AS x
      FROM (
        SELECT 1 AS sign, n.commune_id, n.item_id, n.channel, n.at, n.play_count, n.duration_seconds, n.views, n.interactions
        FROM new_rows n WHERE n.deleted_at IS NULL
        UNION ALL
        SELECT -1, o.commune_id, o.item_id, o.channel, o.at, o.play_count, o.duration_seconds, o.views, o.interactions
        FROM old_rows o WHERE o.deleted_at IS NULL
      ) d
      JOIN items i ON i.commune_id = d.commune_id AND i.id = d.item_id
      WHERE i.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4
    ) g
    WHERE n <> 0 OR p <> 0 OR a <> 0 OR v <> 0 OR x <> 0;
  END IF;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

-- Entries deleted for good (no app path does it; the benchmark cleans up so): their figures go.
CREATE FUNCTION entry_months_on_delete() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
  INTO cs, its, chs, ms, ns, ps, ats, vs, xs
  FROM (
    SELECT o.commune_id, o.item_id, o.channel, left(o.at, 7) AS month, -count(*) AS n, -sum(o.play_count) AS p,
      -sum(o.play_count::bigint * coalesce(o.duration_seconds, 0)) AS a, -coalesce(sum(o.views), 0) AS v, -coalesce(sum(o.interactions), 0) AS x
    FROM old_rows o JOIN items i ON i.commune_id = o.commune_id AND i.id = o.item_id
    WHERE o.deleted_at IS NULL AND i.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
  ) g;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER entry_months_insert AFTER INSERT ON entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_months_on_entries();
CREATE TRIGGER entry_months_update AFTER UPDATE ON entries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_months_on_entries();
CREATE TRIGGER entry_months_delete AFTER DELETE ON entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION entry_months_on_delete();

-- An item deleted takes its entries' figures out (its rows hold exactly those, and no other item's
-- pointers name them); restored, puts them back.
CREATE FUNCTION entry_months_on_item() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  IF NEW.deleted_at IS NOT NULL THEN
    DELETE FROM entry_months WHERE commune_id = NEW.commune_id AND item_id = NEW.id;
    RETURN NULL;
  END IF;
  SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
  INTO cs, its, chs, ms, ns, ps, ats, vs, xs
  FROM (
    SELECT e.commune_id, e.item_id, e.channel, left(e.at, 7) AS month, count(*) AS n, sum(e.play_count) AS p,
      sum(e.play_count::bigint * coalesce(e.duration_seconds, 0)) AS a, coalesce(sum(e.views), 0) AS v, coalesce(sum(e.interactions), 0) AS x
    FROM entries e WHERE e.commune_id = NEW.commune_id AND e.item_id = NEW.id AND e.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
  ) g;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER entry_months_item AFTER UPDATE OF deleted_at ON items FOR EACH ROW
  WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) EXECUTE FUNCTION entry_months_on_item();

CREATE FUNCTION entry_months_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE entry_months;
  RETURN NULL;
END $$;

CREATE TRIGGER entry_months_truncate AFTER TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION entry_months_on_truncate();

-- Computes the rollup of one commune (of all, for NULL) again from its entries, set-wise: for the
-- rows there are now (the backfill below), and after a bulk load that bypassed the triggers
-- (session_replication_role = replica, as the benchmark's seed does).
CREATE FUNCTION entry_months_rebuild(commune int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF commune IS NULL THEN
    DELETE FROM entry_months;
  ELSE
    DELETE FROM entry_months r WHERE r.commune_id = commune;
  END IF;
  INSERT INTO entry_months (commune_id, item_id, channel, month, entries, plays, airtime, views, interactions, prev_month, item_prev)
  SELECT g.*,
    lag(g.month) OVER (PARTITION BY g.commune_id, g.item_id, g.channel ORDER BY g.month),
    lag(g.month) OVER (PARTITION BY g.commune_id, g.item_id ORDER BY g.month, g.channel)
  FROM (
    SELECT e.commune_id, e.item_id, e.channel, left(e.at, 7) AS month, count(*), sum(e.play_count),
      sum(e.play_count::bigint * coalesce(e.duration_seconds, 0)), coalesce(sum(e.views), 0), coalesce(sum(e.interactions), 0)
    FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
    -- A range of communes (all of them, or one), which the primary key serves in either case.
    WHERE e.deleted_at IS NULL AND i.deleted_at IS NULL AND e.commune_id BETWEEN coalesce(commune, -2147483648) AND coalesce(commune, 2147483647)
    GROUP BY 1, 2, 3, 4
  ) g;
END $$;

-- After the triggers: the locks they took on entries and items hold writers off until this commits,
-- so no write falls between the backfill and the triggers.
SELECT entry_months_rebuild(NULL);

-- Down Migration
DROP TRIGGER entry_months_truncate ON entries;
DROP TRIGGER entry_months_item ON items;
DROP TRIGGER entry_months_delete ON entries;
DROP TRIGGER entry_months_update ON entries;
DROP TRIGGER entry_months_insert ON entries;
DROP FUNCTION entry_months_rebuild(int), entry_months_on_truncate(), entry_months_on_item(), entry_months_on_delete(), entry_months_on_entries(),
  entry_months_link(int[], int[]), entry_months_apply(int[], int[], text[], text[], bigint[], bigint[], bigint[], bigint[], bigint[]);
DROP TABLE entry_months;
