-- Up Migration
-- The live items without a topic ("Chưa phân loại"), newest first: the page that classifies them finds
-- a commune's few among its tens of thousands of items without reading them all.
CREATE INDEX items_unclassified ON items (commune_id, id DESC) WHERE cardinality(topics) = 0 AND deleted_at IS NULL;

-- Down Migration
DROP INDEX items_unclassified;
