-- When a dossier reached status 9 (processed): what on-time statistics are measured against.
ALTER TABLE dossiers.dossiers ADD COLUMN processed_at timestamptz NULL;
CREATE INDEX dossiers_statistics ON dossiers.dossiers (agency, received_at);
