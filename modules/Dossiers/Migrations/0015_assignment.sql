-- The official a head assigned the dossier to (their user id in the realm, the sub of their tokens) and their name as
-- the realm's directory gave it then; written by the Assign event in the same transaction, NULL until assigned.
ALTER TABLE dossiers.dossiers ADD COLUMN assignee_id text NULL, ADD COLUMN assignee_name text NULL;

-- "Assigned to me" or to a given official: an agency's open assigned dossiers by assignee, soonest due first. New
-- dossiers are unassigned, so submissions never write this index.
CREATE INDEX dossiers_open_by_assignee ON dossiers.dossiers (agency, assignee_id, due_at, id)
    WHERE status NOT IN (3, 7, 8, 10) AND assignee_id IS NOT NULL;
