-- Up Migration
-- Views and interactions read from YouTube, Facebook and Zalo OA. Each post's state (its last reading,
-- what the refresh last wrote into the entry, its last failure) is one document per entry; its history
-- is one row per dated value, read by entry in time order. A commune's keys to the platforms (sealed by
-- the app) and its last round of refreshes are commune_docs (`platformKeys`, `metricsRun`).
CREATE TABLE metric_states (
  commune_id int NOT NULL REFERENCES communes (id),
  entry_id int NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, entry_id)
);

CREATE TABLE metric_readings (
  commune_id int NOT NULL REFERENCES communes (id),
  entry_id int NOT NULL,
  seq bigserial NOT NULL,
  at text NOT NULL,
  record jsonb NOT NULL,
  PRIMARY KEY (commune_id, entry_id, seq)
);

-- Down Migration
DROP TABLE metric_readings, metric_states;
