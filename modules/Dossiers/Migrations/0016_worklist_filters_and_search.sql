-- The worklist filters by status, channel and procedure: those columns join the keys of the index of open dossiers
-- after (due time, id), so a filter is checked on the index entries while they are read in due order and a rare
-- status (a few dozen dossiers among thousands open) costs no read of the table; the count of a filtered worklist is
-- read off the index alone.
DROP INDEX dossiers.dossiers_open_by_due;
CREATE INDEX dossiers_open_by_due ON dossiers.dossiers (agency, due_at, id, status, channel, procedure_code)
    WHERE status NOT IN (3, 7, 8, 10);

-- All of an agency's dossiers, newest first, a page at a time after the last one's (received time, id); it also serves
-- the ledger's period (agency, received time), which the index it replaces served.
DROP INDEX dossiers.dossiers_statistics;
CREATE INDEX dossiers_by_receipt ON dossiers.dossiers (agency, received_at, id);

-- An applicant's name is searched for anywhere in it (folded, without diacritics): trigrams find a rare name among a
-- million dossiers at once, which the B-tree on the name's start could not (it read the whole agency).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP INDEX dossiers.dossiers_search_name;
CREATE INDEX dossiers_search_name ON dossiers.dossiers USING gin (applicant_name_folded gin_trgm_ops);
