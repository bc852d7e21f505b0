-- Reception anywhere in the province (Decree 118/2025): the agency that received a dossier is kept apart from the
-- competent agency (agency), which decides it. Every dossier before this was received by the agency that decides it.
ALTER TABLE dossiers.dossiers ADD COLUMN receiving_agency text NULL, ADD COLUMN handed_over_at timestamptz NULL;
UPDATE dossiers.dossiers SET receiving_agency = agency;
ALTER TABLE dossiers.dossiers ALTER COLUMN receiving_agency SET NOT NULL;

-- Dossiers received for another agency, a few among many: the receiving agency's list of them, the competent one's
-- filter, and the statistics of both sides read this index, which no dossier received by its own agency enters.
CREATE INDEX dossiers_transferred_by_receiver ON dossiers.dossiers (receiving_agency, received_at) INCLUDE (agency, status, due_at)
    WHERE receiving_agency <> agency;

-- The competent agency's worklist of open dossiers received elsewhere (transferred=in), soonest due first.
CREATE INDEX dossiers_open_transferred_in ON dossiers.dossiers (agency, due_at, id)
    WHERE receiving_agency <> agency AND status NOT IN (3, 7, 8, 10);

-- A writer that does not name the receiving agency (a restored dump from before this column, a script) wrote a
-- dossier received by its competent agency, as every dossier then was.
CREATE FUNCTION dossiers.default_receiving_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.receiving_agency := NEW.agency;
    RETURN NEW;
END $$;

CREATE TRIGGER dossiers_default_receiving_agency BEFORE INSERT ON dossiers.dossiers
    FOR EACH ROW WHEN (NEW.receiving_agency IS NULL) EXECUTE FUNCTION dossiers.default_receiving_agency();
