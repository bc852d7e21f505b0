-- A dossier whose due date a head extended with an apology (form 04) is late in the statistics even when it meets
-- the new date: the rollup of 0010 counts it on time only when it was never extended.
CREATE OR REPLACE FUNCTION dossiers.count_new_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dossiers.daily_statistics AS s (agency, day, received, online, processed, processed_on_time, processing_hours)
    VALUES (NEW.agency, dossiers.receipt_day(NEW.received_at), 1, CASE WHEN NEW.channel = 'online' THEN 1 ELSE 0 END,
            CASE WHEN NEW.processed_at IS NULL THEN 0 ELSE 1 END,
            CASE WHEN NEW.processed_at <= NEW.due_at AND NEW.extensions = 0 THEN 1 ELSE 0 END,
            COALESCE(extract(epoch FROM NEW.processed_at - NEW.received_at) / 3600.0, 0))
    ON CONFLICT (agency, day) DO UPDATE SET
        received = s.received + 1,
        online = s.online + EXCLUDED.online,
        processed = s.processed + EXCLUDED.processed,
        processed_on_time = s.processed_on_time + EXCLUDED.processed_on_time,
        processing_hours = s.processing_hours + EXCLUDED.processing_hours;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dossiers.count_processed_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dossiers.daily_statistics SET
        processed = processed + (CASE WHEN NEW.processed_at IS NULL THEN 0 ELSE 1 END) - (CASE WHEN OLD.processed_at IS NULL THEN 0 ELSE 1 END),
        processed_on_time = processed_on_time + (CASE WHEN NEW.processed_at <= NEW.due_at AND NEW.extensions = 0 THEN 1 ELSE 0 END)
                                              - (CASE WHEN OLD.processed_at <= OLD.due_at AND OLD.extensions = 0 THEN 1 ELSE 0 END),
        processing_hours = processing_hours + COALESCE(extract(epoch FROM NEW.processed_at - NEW.received_at) / 3600.0, 0)
                                            - COALESCE(extract(epoch FROM OLD.processed_at - OLD.received_at) / 3600.0, 0)
    WHERE agency = NEW.agency AND day = dossiers.receipt_day(NEW.received_at);
    RETURN NULL;
END $$;

DROP TRIGGER dossiers_count_processed ON dossiers.dossiers;
CREATE TRIGGER dossiers_count_processed AFTER UPDATE OF processed_at, due_at, extensions ON dossiers.dossiers FOR EACH ROW
    WHEN (OLD.processed_at IS DISTINCT FROM NEW.processed_at
          OR (NEW.processed_at IS NOT NULL AND (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.extensions IS DISTINCT FROM NEW.extensions)))
    EXECUTE FUNCTION dossiers.count_processed_dossier();

CREATE OR REPLACE FUNCTION dossiers.recount_statistics() RETURNS void LANGUAGE sql AS $$
    DELETE FROM dossiers.daily_statistics;
    INSERT INTO dossiers.daily_statistics (agency, day, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at AND extensions = 0),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM dossiers.dossiers GROUP BY 1, 2;
$$;

SELECT dossiers.recount_statistics();
