-- Fee payments of dossiers in status 6 (payment requested): one per payment request, keyed by the order id the
-- platform gives the gateway (dossier code and the version that requested payment), so a retry finds it.
CREATE TABLE dossiers.payments (
    order_id           text        PRIMARY KEY,
    dossier_id         uuid        NOT NULL REFERENCES dossiers.dossiers (id),
    requested_version  integer     NOT NULL,
    payment_id         text        NOT NULL,
    amount_vnd         bigint      NOT NULL,
    lines              text        NOT NULL,
    redirect_url       text        NOT NULL,
    expires_at         timestamptz NOT NULL,
    status             text        NOT NULL,
    created_at         timestamptz NOT NULL,
    paid_at            timestamptz NULL,
    confirmed_version  integer     NULL
);

CREATE INDEX payments_dossier ON dossiers.payments (dossier_id, created_at DESC);
