-- How many times a head moved the due date with an apology (form 04); such a dossier is late in the statistics
-- even when it meets its new date.
ALTER TABLE dossiers.dossiers ADD COLUMN extensions integer NOT NULL DEFAULT 0;
