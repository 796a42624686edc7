-- Up Migration
-- Items deleted or restored change the rollup once per statement instead of once per row: undoing an
-- import deletes its items in one UPDATE, and the rollup follows in a few statements whatever their
-- number (0003's row trigger ran a DELETE for each item). A trigger with transition tables cannot name
-- columns, so this one fires on every UPDATE of items and finds the rows whose deletion changed; an
-- edit of a title or a topic finds none.
DROP TRIGGER entry_months_item ON items;
DROP FUNCTION entry_months_on_item();

CREATE FUNCTION entry_months_on_items() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  cs int[]; its int[]; chs text[]; ms text[]; ns bigint[]; ps bigint[]; ats bigint[]; vs bigint[]; xs bigint[];
BEGIN
  -- Items deleted: their rows go (they hold exactly their entries' figures, and no other item's pointers name them).
  DELETE FROM entry_months r
  USING old_rows o JOIN new_rows n ON n.commune_id = o.commune_id AND n.id = o.id
  WHERE o.deleted_at IS NULL AND n.deleted_at IS NOT NULL AND r.commune_id = n.commune_id AND r.item_id = n.id;
  -- Items restored: their live entries' figures come back.
  SELECT array_agg(commune_id), array_agg(item_id), array_agg(channel), array_agg(month), array_agg(n), array_agg(p), array_agg(a), array_agg(v), array_agg(x)
  INTO cs, its, chs, ms, ns, ps, ats, vs, xs
  FROM (
    SELECT e.commune_id, e.item_id, e.channel, e.month, count(*) AS n, sum(e.play_count) AS p,
      sum(e.airtime) AS a, sum(e.counted_views) AS v, sum(e.counted_interactions) AS x
    FROM old_rows o JOIN new_rows r ON r.commune_id = o.commune_id AND r.id = o.id
    JOIN entries e ON e.commune_id = r.commune_id AND e.item_id = r.id
    WHERE o.deleted_at IS NOT NULL AND r.deleted_at IS NULL AND e.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
  ) g;
  IF cs IS NOT NULL THEN
    PERFORM entry_months_apply(cs, its, chs, ms, ns, ps, ats, vs, xs);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER entry_months_items AFTER UPDATE ON items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION entry_months_on_items();

-- Down Migration
DROP TRIGGER entry_months_items ON items;
DROP FUNCTION entry_months_on_items();

-- 0006's row trigger, as it was.
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

CREATE TRIGGER entry_months_item AFTER UPDATE OF deleted_at ON items FOR EACH ROW
  WHEN ((OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) EXECUTE FUNCTION entry_months_on_item();
