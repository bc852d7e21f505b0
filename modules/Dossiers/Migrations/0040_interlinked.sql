-- Interlinked dossiers (hồ sơ liên thông, Decree 63/2024): the process manager's read model, one row per whole,
-- written in the same transaction as the event it follows from. Its code comes from the receiving agency's daily
-- sequence, shared with ordinary dossiers, so no two codes of the agency and day are alike.
CREATE TABLE dossiers.interlinked (
    id               uuid        PRIMARY KEY,
    code             text        NOT NULL UNIQUE,
    group_code       text        NOT NULL,
    group_version    integer     NOT NULL,
    agency           text        NOT NULL,
    applicant_id     text        NOT NULL,
    status           smallint    NOT NULL CHECK (status BETWEEN 1 AND 10),
    received_at      timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    version          integer     NOT NULL,
    head_hash        bytea       NOT NULL,
    snapshot         jsonb       NOT NULL,
    commune_part_id  uuid        NOT NULL,
    -- When the process manager looks at the whole next; null once it has ended.
    next_check_at    timestamptz NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX interlinked_applicant ON dossiers.interlinked (applicant_id, received_at DESC);
CREATE INDEX interlinked_agency ON dossiers.interlinked (agency, received_at DESC);
CREATE INDEX interlinked_next_check ON dossiers.interlinked (next_check_at) WHERE next_check_at IS NOT NULL;

-- Every step of an interlinked dossier, in order, never updated, each row carrying the hash of the one before.
CREATE TABLE dossiers.interlinked_events (
    parent_id      uuid        NOT NULL REFERENCES dossiers.interlinked (id),
    version        integer     NOT NULL CHECK (version >= 1),
    actor_id       text        NOT NULL,
    actor_role     text        NOT NULL,
    recorded_at    timestamptz NOT NULL,
    data           text        NOT NULL,
    previous_hash  bytea       NOT NULL,
    hash           bytea       NOT NULL,
    PRIMARY KEY (parent_id, version)
);

-- The civil-status register's number each commune part was given ("125/2026": the commune's book of the year), kept
-- per part so a step repeated after a crash quotes the same number to the other systems.
CREATE TABLE dossiers.register_numbers (
    part_id   uuid    PRIMARY KEY,
    agency    text    NOT NULL,
    book      text    NOT NULL,
    year      integer NOT NULL,
    number    integer NOT NULL,
    UNIQUE (agency, book, year, number)
);
