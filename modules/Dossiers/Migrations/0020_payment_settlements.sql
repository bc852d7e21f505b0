-- One settlement per payment request (a dossier and the version that requested payment): cash recorded by a clerk
-- or one online order, never both. Whoever inserts first settles; an online payment that arrives paid after cash
-- was recorded is kept, not confirmed, and marked for refund.
CREATE TABLE dossiers.payment_settlements (
    dossier_id         uuid        NOT NULL REFERENCES dossiers.dossiers (id),
    requested_version  integer     NOT NULL,
    settled_by         text        NOT NULL CHECK (settled_by IN ('cash', 'online')),
    order_id           text        NULL REFERENCES dossiers.payments (order_id),
    claim_id           uuid        NOT NULL,
    settled_at         timestamptz NOT NULL,
    PRIMARY KEY (dossier_id, requested_version),
    CHECK ((settled_by = 'online') = (order_id IS NOT NULL))
);

INSERT INTO dossiers.payment_settlements (dossier_id, requested_version, settled_by, order_id, claim_id, settled_at)
SELECT DISTINCT ON (dossier_id, requested_version) dossier_id, requested_version, 'online', order_id, gen_random_uuid(), COALESCE(paid_at, created_at)
FROM dossiers.payments
WHERE confirmed_version IS NOT NULL
ORDER BY dossier_id, requested_version, paid_at;

ALTER TABLE dossiers.payments ADD COLUMN refund_due_at timestamptz NULL;
