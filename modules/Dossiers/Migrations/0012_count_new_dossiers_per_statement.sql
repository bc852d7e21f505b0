-- Submissions are inserted a group at a time: count the new dossiers once per statement, one upsert per agency and
-- day of the statement's rows, in agency and day order (as every writer takes them, so two never wait in a circle).
CREATE FUNCTION dossiers.count_new_dossiers() RETURNS trigger LANGUAGE plpgsql AS $$
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
    RETURN NULL;
END $$;

DROP TRIGGER dossiers_count_new ON dossiers.dossiers;
DROP FUNCTION dossiers.count_new_dossier();
CREATE TRIGGER dossiers_count_new AFTER INSERT ON dossiers.dossiers REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION dossiers.count_new_dossiers();
