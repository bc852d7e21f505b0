-- The deadline watch's last tick, for the health check: one row, rewritten at each tick.
CREATE TABLE dossiers.deadline_watch (
    id smallint PRIMARY KEY CHECK (id = 0),
    last_tick_at timestamptz NOT NULL,
    looked integer NOT NULL,
    failed integer NOT NULL
);
