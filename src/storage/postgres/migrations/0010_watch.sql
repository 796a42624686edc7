-- Up Migration
-- Where a commune's posts appear (its portal's section pages, feeds, a vnPortal category), and the
-- posts found there: waiting in the inbox ("new"), or kept once logged or dismissed so that no post is
-- ever proposed twice. A link (as compared: `url_key`) is found once per commune, whichever process
-- reads it. The round of the scheduled watch a process last claimed is the commune document `watchRound`.
CREATE SEQUENCE watch_places_id_seq;
CREATE TABLE watch_places (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('watch_places_id_seq'),
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);

CREATE SEQUENCE watch_posts_id_seq;
CREATE TABLE watch_posts (
  commune_id int NOT NULL REFERENCES communes (id),
  id int NOT NULL DEFAULT nextval('watch_posts_id_seq'),
  url_key text NOT NULL,
  title_key text NOT NULL,
  status text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, id)
);
-- By digest: a link may be longer than an index row can hold.
CREATE UNIQUE INDEX watch_posts_url ON watch_posts (commune_id, md5(url_key));
CREATE INDEX watch_posts_title ON watch_posts (commune_id, title_key);
-- The inbox and its count, on every page an editor opens.
CREATE INDEX watch_posts_new ON watch_posts (commune_id) WHERE status = 'new';

-- Whether a post found is already in the log: its link among the entries' links.
CREATE INDEX entries_url ON entries (commune_id, md5(url)) WHERE url IS NOT NULL;

-- Down Migration
DROP INDEX entries_url;
DROP TABLE watch_posts, watch_places;
DROP SEQUENCE watch_posts_id_seq, watch_places_id_seq;
