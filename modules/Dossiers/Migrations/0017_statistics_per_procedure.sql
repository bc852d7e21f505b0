-- The statistics series break each agency's figures down by procedure: a second rollup per agency, day of receipt and
-- procedure, kept by the same triggers in the same transaction. The rollup per agency and day stays as it was: the
-- city-wide figures and the ranking of agencies sum it (six times fewer rows).
CREATE TABLE dossiers.daily_procedure_statistics (
    agency             text             NOT NULL,
    day                date             NOT NULL,
    procedure_code     text             NOT NULL,
    received           bigint           NOT NULL,
    online             bigint           NOT NULL,
    processed          bigint           NOT NULL,
    processed_on_time  bigint           NOT NULL,
    processing_hours   double precision NOT NULL,
    PRIMARY KEY (agency, day, procedure_code)
);

-- The city's series per procedure reads every agency's days of a period.
CREATE INDEX daily_procedure_statistics_by_day ON dossiers.daily_procedure_statistics (day, procedure_code);

CREATE OR REPLACE FUNCTION dossiers.count_new_dossiers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dossiers.daily_statistics AS s (agency, day, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at AND extensions = 0),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM added GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (agency, day) DO UPDATE SET
        received = s.received + EXCLUDED.received,
        online = s.online + EXCLUDED.online,
        processed = s.processed + EXCLUDED.processed,
        processed_on_time = s.processed_on_time + EXCLUDED.processed_on_time,
        processing_hours = s.processing_hours + EXCLUDED.processing_hours;
    INSERT INTO dossiers.daily_procedure_statistics AS s (agency, day, procedure_code, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), procedure_code, count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at AND extensions = 0),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM added GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (agency, day, procedure_code) DO UPDATE SET
        received = s.received + EXCLUDED.received,
        online = s.online + EXCLUDED.online,
        processed = s.processed + EXCLUDED.processed,
        processed_on_time = s.processed_on_time + EXCLUDED.processed_on_time,
        processing_hours = s.processing_hours + EXCLUDED.processing_hours;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dossiers.count_processed_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    processed_change bigint := (CASE WHEN NEW.processed_at IS NULL THEN 0 ELSE 1 END) - (CASE WHEN OLD.processed_at IS NULL THEN 0 ELSE 1 END);
    on_time_change bigint := (CASE WHEN NEW.processed_at <= NEW.due_at AND NEW.extensions = 0 THEN 1 ELSE 0 END)
                           - (CASE WHEN OLD.processed_at <= OLD.due_at AND OLD.extensions = 0 THEN 1 ELSE 0 END);
    hours_change double precision := COALESCE(extract(epoch FROM NEW.processed_at - NEW.received_at) / 3600.0, 0)
                                   - COALESCE(extract(epoch FROM OLD.processed_at - OLD.received_at) / 3600.0, 0);
BEGIN
    UPDATE dossiers.daily_statistics SET
        processed = processed + processed_change,
        processed_on_time = processed_on_time + on_time_change,
        processing_hours = processing_hours + hours_change
    WHERE agency = NEW.agency AND day = dossiers.receipt_day(NEW.received_at);
    UPDATE dossiers.daily_procedure_statistics SET
        processed = processed + processed_change,
        processed_on_time = processed_on_time + on_time_change,
        processing_hours = processing_hours + hours_change
    WHERE agency = NEW.agency AND day = dossiers.receipt_day(NEW.received_at) AND procedure_code = NEW.procedure_code;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dossiers.recount_statistics() RETURNS void LANGUAGE sql AS $$
    DELETE FROM dossiers.daily_statistics;
    INSERT INTO dossiers.daily_statistics (agency, day, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at AND extensions = 0),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM dossiers.dossiers GROUP BY 1, 2;
    DELETE FROM dossiers.daily_procedure_statistics;
    INSERT INTO dossiers.daily_procedure_statistics (agency, day, procedure_code, received, online, processed, processed_on_time, processing_hours)
    SELECT agency, dossiers.receipt_day(received_at), procedure_code, count(*), count(*) FILTER (WHERE channel = 'online'),
           count(processed_at), count(*) FILTER (WHERE processed_at <= due_at AND extensions = 0),
           COALESCE(sum(extract(epoch FROM processed_at - received_at) / 3600.0), 0)
    FROM dossiers.dossiers GROUP BY 1, 2, 3;
$$;

SELECT dossiers.recount_statistics();

-- Open dossiers past their due time are counted late when asked: the series groups them by procedure too.
DROP INDEX dossiers.dossiers_open_by_receipt;
CREATE INDEX dossiers_open_by_receipt ON dossiers.dossiers (received_at) INCLUDE (agency, due_at, procedure_code)
    WHERE processed_at IS NULL AND status NOT IN (3, 7, 8);
