-- The Idempotency-Key of each step a caller asked for, kept with the event it recorded (same transaction), so a retry
-- after a timeout finds its step instead of recording a second one.
CREATE TABLE dossiers.action_keys (
    dossier_id uuid NOT NULL REFERENCES dossiers.dossiers (id),
    idempotency_key text NOT NULL,
    version integer NOT NULL,
    PRIMARY KEY (dossier_id, idempotency_key)
);
