-- Up Migration
-- The city deployment's schema. Every record a commune owns carries its commune; ids are numbered per
-- table across the deployment (a moved ward keeps its own ids: they are unique within its commune).
-- Times are kept as the app's local ISO text (`2026-11-20T06:30:00+07:00`): one fixed offset, so text
-- order is time order and a date is the first ten characters.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE communes (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  kind text NOT NULL DEFAULT '',
  created_at text NOT NULL DEFAULT '',
  -- Bumped when an item or entry is changed (not created): an import planned before then plans again.
  edits bigint NOT NULL DEFAULT 0
);

CREATE SEQUENCE items_id_seq;
CREATE TABLE items (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('items_id_seq'),
  title text NOT NULL,
  summary text NOT NULL,
  format text NOT NULL,
  topics text[] NOT NULL,
  unit text NOT NULL,
  author text NOT NULL,
  source_url text,
  created_at text NOT NULL,
  created_by text NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL,
  deleted_at text,
  deleted_by text,
  -- The title folded (case, spacing and diacritics ignored), and title, summary and author folded.
  title_key text NOT NULL,
  search text NOT NULL,
  PRIMARY KEY (commune_id, id)
);
CREATE INDEX items_title_key ON items (commune_id, title_key);
CREATE INDEX items_search ON items USING gin (search gin_trgm_ops);

CREATE SEQUENCE entries_id_seq;
CREATE TABLE entries (
  commune_id int NOT NULL,
  id int NOT NULL DEFAULT nextval('entries_id_seq'),
  item_id int NOT NULL,
  channel text NOT NULL,
  at text NOT NULL,
  play_count int NOT NULL,
  duration_seconds int,
  url text,
  views int,
  interactions int,
  note text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at text NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL,
  deleted_at text,
  deleted_by text,
  -- The note and link folded, for text search (with the item's `search`).
  search text NOT NULL,
  PRIMARY KEY (commune_id, id),
  FOREIGN KEY (commune_id, item_id) REFERENCES items (commune_id, id)
);
CREATE INDEX entries_time ON entries (commune_id, at DESC, id DESC);
CREATE INDEX entries_item ON entries (commune_id, item_id, at DESC);
CREATE INDEX entries_recorded_by ON entries (commune_id, recorded_by, recorded_at DESC, id DESC);
CREATE INDEX entries_deleted ON entries (commune_id, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX entries_search ON entries USING gin (search gin_trgm_ops) WHERE search <> '';

CREATE SEQUENCE audit_id_seq;
CREATE TABLE audit (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('audit_id_seq'),
  at text NOT NULL,
  username text NOT NULL,
  action text NOT NULL,
  target_type text,
  target_id text,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);
CREATE INDEX audit_target ON audit (commune_id, target_type, target_id, id);
CREATE INDEX audit_time ON audit (commune_id, at DESC, id DESC);

CREATE SEQUENCE files_id_seq;
CREATE TABLE files (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('files_id_seq'),
  owner_type text NOT NULL,
  owner_id int NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);
CREATE INDEX files_owner ON files (commune_id, owner_type, owner_id, id);

CREATE SEQUENCE imports_id_seq;
CREATE TABLE imports (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('imports_id_seq'),
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);

CREATE SEQUENCE slots_id_seq;
CREATE TABLE slots (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('slots_id_seq'),
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);

CREATE SEQUENCE summaries_id_seq;
CREATE TABLE summaries (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('summaries_id_seq'),
  week_start text NOT NULL,
  version int NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id),
  -- One summary per week and version, however many processes run the schedule.
  UNIQUE (commune_id, week_start, version)
);

-- A commune's single documents: settings, the last import mapping, the last summarised week, a year's plan.
CREATE TABLE commune_docs (
  commune_id int NOT NULL REFERENCES communes (id),
  name text NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (commune_id, name)
);

CREATE TABLE task_notes (
  commune_id int NOT NULL REFERENCES communes (id),
  year int NOT NULL,
  task_id text NOT NULL,
  from_date text NOT NULL,
  to_date text NOT NULL,
  note text NOT NULL,
  PRIMARY KEY (commune_id, year, task_id, from_date, to_date)
);

-- Accounts and what is shared by the deployment.
CREATE TABLE users (
  username text PRIMARY KEY,
  record jsonb NOT NULL
);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  -- The order they were made in.
  seq bigserial NOT NULL,
  username text NOT NULL REFERENCES users (username),
  hash text NOT NULL UNIQUE,
  record jsonb NOT NULL
);
CREATE INDEX tokens_user ON tokens (username);

CREATE TABLE sessions (
  sid text PRIMARY KEY,
  sess jsonb NOT NULL,
  -- Epoch milliseconds.
  expires bigint NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires);

CREATE TABLE deployment_docs (
  name text PRIMARY KEY,
  doc jsonb NOT NULL
);

-- Down Migration
DROP TABLE deployment_docs, sessions, tokens, users, task_notes, commune_docs, summaries, slots, imports, files, audit, entries, items, communes;
DROP SEQUENCE items_id_seq, entries_id_seq, audit_id_seq, files_id_seq, imports_id_seq, slots_id_seq, summaries_id_seq;
