-- "Waiting for a signature": the few results whose signer has not answered yet, for the back office's worklist.
CREATE INDEX results_signing_pending ON dossiers.results (dossier_id) WHERE signing_status = 'Pending';
