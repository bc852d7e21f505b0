-- Files uploaded before a submission, owned by their uploader until a submission takes them.
CREATE TABLE dossiers.staged_attachments (
    id            uuid        PRIMARY KEY,
    owner_id      text        NOT NULL,
    file_name     text        NOT NULL,
    content_type  text        NOT NULL,
    size          bigint      NOT NULL,
    sha256        bytea       NOT NULL,
    content       bytea       NOT NULL,
    uploaded_at   timestamptz NOT NULL
);

-- A dossier's documents, moved from staging in the transaction that creates the dossier.
CREATE TABLE dossiers.attachments (
    id             uuid        PRIMARY KEY,
    dossier_id     uuid        NOT NULL REFERENCES dossiers.dossiers (id),
    document_code  text        NOT NULL,
    file_name      text        NOT NULL,
    content_type   text        NOT NULL,
    size           bigint      NOT NULL,
    sha256         bytea       NOT NULL,
    content        bytea       NOT NULL,
    uploaded_at    timestamptz NOT NULL
);

CREATE INDEX attachments_dossier ON dossiers.attachments (dossier_id);
