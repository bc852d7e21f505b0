-- The documents a dossier returns (its result), and where signing each stands. The signature is the CMS/PKCS#7
-- detached signature the provider returned; it is verified again on every read, never trusted as stored.
CREATE TABLE dossiers.results (
    id                   uuid        PRIMARY KEY,
    dossier_id           uuid        NOT NULL REFERENCES dossiers.dossiers (id),
    file_name            text        NOT NULL,
    content_type         text        NOT NULL,
    size                 bigint      NOT NULL,
    sha256               bytea       NOT NULL,
    content              bytea       NOT NULL,
    uploaded_by          text        NOT NULL,
    uploaded_at          timestamptz NOT NULL,
    signing_attempt      integer     NOT NULL DEFAULT 0,
    signing_transaction  text        NULL,
    signing_status       text        NULL,
    signing_reason       text        NULL,
    signing_requested_by text        NULL,
    signer_id            text        NULL,
    signature            bytea       NULL,
    signed_at            timestamptz NULL,
    signed_event_version integer     NULL,
    -- Who records the SignResult event: one caller at a time claims it; a claim older than a minute may be taken over.
    recording_claimed_at timestamptz NULL
);

CREATE INDEX results_dossier ON dossiers.results (dossier_id, uploaded_at);
