-- The worklist reads an agency's open dossiers soonest due first: an index of exactly those, in that order, so the
-- first 200 are read straight off it however many closed dossiers the agency has.
DROP INDEX IF EXISTS dossiers.dossiers_worklist;
CREATE INDEX dossiers_open_by_due ON dossiers.dossiers (agency, due_at) WHERE status NOT IN (3, 7, 8, 10);

-- Dossiers still open (not processed, refused, withdrawn or stopped), by receipt: the statistics count those past
-- their due time as late at the moment they are asked.
CREATE INDEX dossiers_open_by_receipt ON dossiers.dossiers (received_at) INCLUDE (agency, due_at)
    WHERE processed_at IS NULL AND status NOT IN (3, 7, 8);

-- Per agency and day of receipt (in Vietnam): what the statistics add up, kept by the triggers below in the same
-- transaction as the dossier row they count, so a period's figures are a sum over days rather than over dossiers.
CREATE TABLE dossiers.daily_statistics (
    agency             text             NOT NULL,
    day                date             NOT NULL,
    received           bigint           NOT NULL,
    online             bigint           NOT NULL,
    processed          bigint           NOT NULL,
    processed_on_time  bigint           NOT NULL,
    processing_hours   double precision NOT NULL,
    PRIMARY KEY (agency, day)
);

CREATE FUNCTION dossiers.receipt_day(received_at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT ((received_at AT TIME ZONE 'UTC') + interval '7 hours')::date $$;

CREATE FUNCTION dossiers.count_new_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dossiers.daily_statistics AS s (agency, day, received, online, processed, processed_on_time, processing_hours)
    VALUES (NEW.agency, dossiers.receipt_day(NEW.received_at), 1, CASE WHEN NEW.channel = 'online' THEN 1 ELSE 0 END,
            CASE WHEN NEW.processed_at IS NULL THEN 0 ELSE 1 END,
            CASE WHEN NEW.processed_at <= NEW.due_at THEN 1 ELSE 0 END,
            COALESCE(extract(epoch FROM NEW.processed_at - NEW.received_at) / 3600.0, 0))
    ON CONFLICT (agency, day) DO UPDATE SET
        received = s.received + 1,
        online = s.online + EXCLUDED.online,
        processed = s.processed + EXCLUDED.processed,
        processed_on_time = s.processed_on_time + EXCLUDED.processed_on_time,
        processing_hours = s.processing_hours + EXCLUDED.processing_hours;
    RETURN NULL;
END $$;

CREATE FUNCTION dossiers.count_processed_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dossiers.daily_statistics SET
        processed = processed + (CASE WHEN NEW.processed_at IS NULL THEN 0 ELSE 1 END) - (CASE WHEN OLD.processed_at IS NULL THEN 0 ELSE 1 END),
        processed_on_time = processed_on_time + (CASE WHEN NEW.processed_at <= NEW.due_at THEN 1 ELSE 0 END)
                                              - (CASE WHEN OLD.processed_at <= OLD.due_at THEN 1 ELSE 0 END),
        processing_hours = processing_hours + COALESCE(extract(epoch FROM NEW.processed_at - NEW.received_at) / 3600.0, 0)
                                            - COALESCE(extract(epoch FROM OLD.processed_at - OLD.received_at) / 3600.0, 0)
    WHERE agency = NEW.agency AND day = dossiers.receipt_day(NEW.received_at);
    RETURN NULL;
END $$;

CREATE TRIGGER dossiers_count_new AFTER INSERT ON dossiers.dossiers FOR EACH ROW EXECUTE FUNCTION dossiers.count_new_dossier();
CREATE TRIGGER dossiers_count_processed AFTER UPDATE OF processed_at, due_at ON dossiers.dossiers FOR EACH ROW
    WHEN (OLD.processed_at IS DISTINCT FROM NEW.processed_at OR (NEW.processed_at IS NOT NULL AND OLD.due_at IS DISTINCT FROM NEW.due_at))
    EXECUTE FUNCTION dossiers.count_processed_dossier();

-- Counts every dossier again from the read model: for the dossiers already here, and after a bulk load that ran
-- with triggers off.
CREATE FUNCTION dossiers.recount_statistics() RETURNS void LANGUAGE sql AS $$
    DELETE FROM dossiers.daily_statistics;
    INSERT INTO dossiers.daily_statistics (agency, day, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM dossiers.dossiers GROUP BY 1, 2;
$$;

SELECT dossiers.recount_statistics();
