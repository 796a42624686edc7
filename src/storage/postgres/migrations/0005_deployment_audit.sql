-- Up Migration
-- The deployment's own audit trail: the events of its accounts (those of no commune: its admins, the
-- city's viewers) and of usernames no account has, which no commune's trail may show. A table of its
-- own rather than `audit` with no commune, so no commune's query can reach it; its ids come from the
-- same sequence, so a number names one record of either trail.
CREATE TABLE deployment_audit (
  id int PRIMARY KEY DEFAULT nextval('audit_id_seq'),
  at text NOT NULL,
  username text NOT NULL,
  action text NOT NULL,
  target_type text,
  target_id text,
  record jsonb NOT NULL
);
CREATE INDEX deployment_audit_target ON deployment_audit (target_type, target_id, id);

-- Down Migration
DROP TABLE deployment_audit;
