-- The worklist is read a page at a time, each page after the last one's (due time, id): the index of open dossiers
-- carries the id as well, so every page is read straight off it.
DROP INDEX dossiers.dossiers_open_by_due;
CREATE INDEX dossiers_open_by_due ON dossiers.dossiers (agency, due_at, id) WHERE status NOT IN (3, 7, 8, 10);
