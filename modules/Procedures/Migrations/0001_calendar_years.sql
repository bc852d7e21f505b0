CREATE SCHEMA IF NOT EXISTS procedures;

-- Calendar years an administrator added or replaced through the API; they take precedence over the shipped file.
-- Every replica loads them at start and again when PostgreSQL notifies channel 'procedures_calendar'.
CREATE TABLE procedures.calendar_years (
    year        integer     PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL
);
