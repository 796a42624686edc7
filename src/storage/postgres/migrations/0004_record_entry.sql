-- Up Migration
-- One new entry (and its new item) with their audit records, in one statement: the commune's lock is
-- held for this call alone (one round trip). The rows come whole as JSON, built by the app from the
-- same columns as every other insert; what makes a duplicate (a folded title, an airing's minute) is
-- worked out by the app too, and only looked up here. Ids are given here, and written into the audit
-- records: `target.id` of each, and `after.itemId` of the entry's.
CREATE FUNCTION record_entry(p_commune int, p_lock_ms int, p_item_id int, p_item jsonb, p_entry jsonb, p_title_key text, p_airing_from text, p_airing_to text,
    p_item_audit jsonb, p_entry_audit jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  found_item items;
  found_entry entries;
  new_item int;
  new_entry int;
BEGIN
  -- Waits for the commune's other writes (other processes') at most `p_lock_ms`, as a transaction does.
  PERFORM set_config('lock_timeout', p_lock_ms::text, true);
  PERFORM pg_advisory_xact_lock(1, p_commune);
  IF p_item_id IS NOT NULL THEN
    SELECT * INTO found_item FROM items i WHERE i.commune_id = p_commune AND i.id = p_item_id AND i.deleted_at IS NULL;
    IF NOT FOUND THEN
      RETURN jsonb_build_object('gone', true);
    END IF;
    IF p_airing_from IS NOT NULL THEN
      SELECT * INTO found_entry FROM entries e
        WHERE e.commune_id = p_commune AND e.item_id = found_item.id AND e.channel = p_entry ->> 'channel' AND e.deleted_at IS NULL
          AND e.at >= p_airing_from AND e.at < p_airing_to
        ORDER BY e.at, e.id LIMIT 1;
      IF FOUND THEN
        RETURN jsonb_build_object('duplicateEntry', to_jsonb(found_entry));
      END IF;
    END IF;
    new_item := found_item.id;
  ELSE
    IF p_title_key IS NOT NULL THEN
      SELECT * INTO found_item FROM items i WHERE i.commune_id = p_commune AND i.deleted_at IS NULL AND i.title_key = p_title_key ORDER BY i.id DESC LIMIT 1;
      IF FOUND THEN
        RETURN jsonb_build_object('duplicateItem', to_jsonb(found_item));
      END IF;
    END IF;
    new_item := nextval('items_id_seq');
    INSERT INTO items SELECT * FROM jsonb_populate_record(NULL::items, p_item || jsonb_build_object('commune_id', p_commune, 'id', new_item));
    INSERT INTO audit (commune_id, at, username, action, target_type, target_id, record)
      VALUES (p_commune, p_item_audit ->> 'at', p_item_audit ->> 'user', p_item_audit ->> 'action', 'item', new_item::text,
        jsonb_set(p_item_audit, '{target}', jsonb_build_object('type', 'item', 'id', new_item)));
  END IF;
  new_entry := nextval('entries_id_seq');
  INSERT INTO entries SELECT * FROM jsonb_populate_record(NULL::entries, p_entry || jsonb_build_object('commune_id', p_commune, 'id', new_entry, 'item_id', new_item));
  INSERT INTO audit (commune_id, at, username, action, target_type, target_id, record)
    VALUES (p_commune, p_entry_audit ->> 'at', p_entry_audit ->> 'user', p_entry_audit ->> 'action', 'entry', new_entry::text,
      jsonb_set(jsonb_set(p_entry_audit, '{target}', jsonb_build_object('type', 'entry', 'id', new_entry)), '{after,itemId}', to_jsonb(new_item)));
  RETURN jsonb_build_object('itemId', new_item, 'entryId', new_entry);
END;
$$;

-- Down Migration
DROP FUNCTION record_entry(int, int, int, jsonb, jsonb, text, text, text, jsonb, jsonb);
