-- Up Migration
-- Who recorded an airing as the file it was imported from names them ("Người ghi", "Người thực hiện"):
-- '' when the file names nobody, NULL for an entry recorded in the app (its recorder is `recorded_by`).
-- The log book shows it as "Người ghi", never the account that ran the import.
ALTER TABLE entries ADD COLUMN recorder_name text;

-- The rows imports made before this column existed name nobody: their `recorded_by` is whoever ran the
-- import. Each import record lists the entries it made.
UPDATE entries e SET recorder_name = ''
  FROM (SELECT commune_id, jsonb_array_elements_text(record -> 'entryIds')::int AS id FROM imports) i
  WHERE e.commune_id = i.commune_id AND e.id = i.id;

-- Down Migration
ALTER TABLE entries DROP COLUMN recorder_name;
