CREATE SCHEMA IF NOT EXISTS dossiers;

-- Every change of a dossier, in order, never updated: the dossier is what these rows say. Each row carries the
-- hash of the one before, so an altered or removed row breaks the chain.
CREATE TABLE dossiers.events (
    dossier_id     uuid        NOT NULL,
    version        integer     NOT NULL CHECK (version >= 1),
    action         text        NOT NULL,
    status         smallint    NOT NULL CHECK (status BETWEEN 1 AND 10),
    actor_id       text        NOT NULL,
    actor_role     text        NOT NULL,
    actor_agency   text        NULL,
    channel        text        NOT NULL,
    reason         text        NULL,
    recorded_at    timestamptz NOT NULL,
    data           text        NULL,
    previous_hash  bytea       NOT NULL,
    hash           bytea       NOT NULL,
    PRIMARY KEY (dossier_id, version)
);

-- The read model, written in the same transaction as the event it follows from.
CREATE TABLE dossiers.dossiers (
    id                 uuid        PRIMARY KEY,
    code               text        NOT NULL UNIQUE,
    procedure_code     text        NOT NULL,
    procedure_version  integer     NOT NULL,
    agency             text        NOT NULL,
    applicant_id       text        NOT NULL,
    applicant_name     text        NOT NULL,
    channel            text        NOT NULL,
    status             smallint    NOT NULL,
    received_at        timestamptz NOT NULL,
    due_at             timestamptz NOT NULL,
    version            integer     NOT NULL,
    head_hash          bytea       NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE INDEX dossiers_worklist ON dossiers.dossiers (agency, status, due_at);
CREATE INDEX dossiers_applicant ON dossiers.dossiers (applicant_id, received_at DESC);

-- Gap-free daily sequence per receiving agency for codes <agency>-YYMMDD-XXXX; taken in the dossier's transaction.
CREATE TABLE dossiers.code_sequences (
    agency  text    NOT NULL,
    day     date    NOT NULL,
    last    integer NOT NULL,
    PRIMARY KEY (agency, day)
);

-- A retried submission (same applicant, same Idempotency-Key) finds the dossier it created the first time.
CREATE TABLE dossiers.submissions (
    applicant_id     text NOT NULL,
    idempotency_key  text NOT NULL,
    dossier_id       uuid NOT NULL REFERENCES dossiers.dossiers (id),
    PRIMARY KEY (applicant_id, idempotency_key)
);
