-- Up Migration
-- Counters of the log-in limits, shared by every app process: one row per key and window.
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits int NOT NULL,
  -- Epoch milliseconds when the window ends.
  reset_at bigint NOT NULL
);

-- Down Migration
DROP TABLE rate_limits;
