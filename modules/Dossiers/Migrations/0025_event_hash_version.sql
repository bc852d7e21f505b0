-- How each event's hash encodes its fields. Events stored before this column were sealed with the
-- separator-joined text (version 1) and keep verifying that way; new events are length-prefixed (version 2).
ALTER TABLE dossiers.events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
ALTER TABLE dossiers.events ALTER COLUMN hash_version DROP DEFAULT;
