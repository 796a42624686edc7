-- Up Migration
-- What each entry counts for in the reports, computed by the app and stored with the entry: the month
-- it counts in (`monthOf` in src/domain/counting.ts), its airtime and its views and interactions as
-- counted (`contributionOf`: play count × duration of one play, none adding 0). The app writes them
-- with every other column of every entry it writes (`entryValues`), so the rollup's triggers and the
-- reports only sum them, with `play_count` (an entry's plays are its play count as it is), and count
-- rows (an entry is one): no SQL states a counting rule any more, and a rule changed in the domain is
-- changed for both engines.
--
-- The rows already there get their values from the expressions below: this one-time backfill is the
-- only place the rules are restated in SQL (and the Down Migration, which puts 0003's functions back).
-- The columns are added as generated ones, so that the table is rewritten once with their values (no
-- trigger fires, no dead rows are left), then become plain columns, written by the app from then on.
ALTER TABLE entries
  ADD COLUMN month text NOT NULL GENERATED ALWAYS AS (left(at, 7)) STORED,
  ADD COLUMN airtime bigint NOT NULL GENERATED ALWAYS AS (play_count::bigint * coalesce(duration_seconds, 0)) STORED,
  ADD COLUMN counted_views int NOT NULL GENERATED ALWAYS AS (coalesce(views, 0)) STORED,
  ADD COLUMN counted_interactions int NOT NULL GENERATED ALWAYS AS (coalesce(interactions, 0)) STORED;
ALTER TABLE entries
  ALTER COLUMN month DROP EXPRESSION,
  ALTER COLUMN airtime DROP EXPRESSION,
  ALTER COLUMN counted_views DROP EXPRESSION,
  ALTER COLUMN counted_interactions DROP EXPRESSION;

-- 0003's functions, summing the stored columns. The rollup holds the same figures as before (the
-- backfill computed them as 0003 did), so it is not computed again.
CREATE OR REPLACE FUNCTION entry_months_on_entries() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
    INTO cs, its, chs, ms, ns, ps, ats, vs, xs
    FROM (
      SELECT d.commune_id, d.item_id, d.channel, d.month, count(*) AS n, sum(d.play_count) AS p,
        sum(d.airtime) AS a, sum(d.counted_views) AS v, sum(d.counted_interactions) AS x
      FROM new_rows d JOIN items i ON i.commune_id = d.commune_id AND i.id = d.item_id
      WHERE d.deleted_at IS NULL AND i.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4
    ) g;
  ELSE
    SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
    INTO cs, its, chs, ms, ns, ps, ats, vs, xs
    FROM (
      SELECT d.commune_id, d.item_id, d.channel, d.month, sum(d.sign) AS n, sum(d.sign * d.play_count) AS p,
        sum(d.sign * d.airtime) AS a, sum(d.sign * d.counted_views) AS v, sum(d.sign * d.counted_interactions) AS x
      FROM (
        SELECT 1 AS sign, n.commune_id, n.item_id, n.channel, n.month, n.play_count, n.airtime, n.counted_views, n.counted_interactions
        FROM new_rows n WHERE n.deleted_at IS NULL
        UNION ALL
        SELECT -1, o.commune_id, o.item_id, o.channel, o.month, o.play_count, o.airtime, o.counted_views, o.counted_interactions
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

CREATE OR REPLACE FUNCTION entry_months_on_delete() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
  INTO cs, its, chs, ms, ns, ps, ats, vs, xs
  FROM (
    SELECT o.commune_id, o.item_id, o.channel, o.month, -count(*) AS n, -sum(o.play_count) AS p,
      -sum(o.airtime) AS a, -sum(o.counted_views) AS v, -sum(o.counted_interactions) AS x
    FROM old_rows o JOIN items i ON i.commune_id = o.commune_id AND i.id = o.item_id
    WHERE o.deleted_at IS NULL AND i.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
  ) g;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION entry_months_on_item() RETURNS trigger LANGUAGE plpgsql AS $$
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
    SELECT e.commune_id, e.item_id, e.channel, e.month, count(*) AS n, sum(e.play_count) AS p,
      sum(e.airtime) AS a, sum(e.counted_views) AS v, sum(e.counted_interactions) AS x
    FROM entries e WHERE e.commune_id = NEW.commune_id AND e.item_id = NEW.id AND e.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
  ) g;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION entry_months_rebuild(commune int) RETURNS void LANGUAGE plpgsql AS $$
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
    SELECT e.commune_id, e.item_id, e.channel, e.month, count(*), sum(e.play_count), sum(e.airtime), sum(e.counted_views), sum(e.counted_interactions)
    FROM entries e JOIN items i ON i.commune_id = e.commune_id AND i.id = e.item_id
    -- A range of communes (all of them, or one), which the primary key serves in either case.
    WHERE e.deleted_at IS NULL AND i.deleted_at IS NULL AND e.commune_id BETWEEN coalesce(commune, -2147483648) AND coalesce(commune, 2147483647)
    GROUP BY 1, 2, 3, 4
  ) g;
END $$;

-- Down Migration
-- 0003's functions as they were, computing the figures from the plain columns; then the stored ones go.
CREATE OR REPLACE FUNCTION entry_months_on_entries() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
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

CREATE OR REPLACE FUNCTION entry_months_on_delete() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
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

CREATE OR REPLACE FUNCTION entry_months_on_item() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE OR REPLACE FUNCTION entry_months_rebuild(commune int) RETURNS void LANGUAGE plpgsql AS $$
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

ALTER TABLE entries DROP COLUMN month, DROP COLUMN airtime, DROP COLUMN counted_views, DROP COLUMN counted_interactions;
