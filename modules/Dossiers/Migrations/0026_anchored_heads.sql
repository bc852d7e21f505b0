-- The head each dossier had when it was last anchored, so the next anchor takes only the heads changed since.
-- A lookup only: the anchor files under the anchoring directory are the source of truth, and the verifier reads them.
CREATE TABLE dossiers.anchored_heads (
    dossier_id uuid PRIMARY KEY,
    version integer NOT NULL,
    anchor_id text NOT NULL,
    anchored_at timestamptz NOT NULL
);
