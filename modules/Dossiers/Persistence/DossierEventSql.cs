namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>The statements of <see cref="DossierEventStore"/> beyond a submission's (those are <see cref="SubmissionSql"/>).</summary>
internal static class DossierEventSql
{
    /// <summary>
    /// Moves the read model to the appended event, only from the version before it (else another writer was first).
    /// <c>@processed</c> is <see cref="DossierStatus.Processed"/>, the status that stamps the processing time.
    /// </summary>
    public const string AdvanceDossier =
        """
        UPDATE dossiers.dossiers
        SET status = @status, version = @version, head_hash = @hash, updated_at = @at, due_at = COALESCE(@due_at, due_at),
            processed_at = CASE WHEN @status = @processed THEN @at ELSE processed_at END,
            extensions = extensions + CASE WHEN @extended THEN 1 ELSE 0 END, deadline_check_at = @deadline_check_at,
            assignee_id = COALESCE(@assignee_id, assignee_id), assignee_name = COALESCE(@assignee_name, assignee_name),
            handed_over_at = CASE WHEN @handed_over THEN @at ELSE handed_over_at END
        WHERE id = @id AND version = @version - 1
        """;

    public const string RememberActionKey = "INSERT INTO dossiers.action_keys (dossier_id, idempotency_key, version) VALUES (@id, @key, @version)";

    public const string FindActionKey = "SELECT version FROM dossiers.action_keys WHERE dossier_id = @id AND idempotency_key = @key";

    public const string ReadEvents =
        """
        SELECT version, action, status, actor_id, actor_role, actor_agency, channel, reason, recorded_at, data, previous_hash, hash, hash_version
        FROM dossiers.events WHERE dossier_id = @id ORDER BY version
        """;

    public const string ReadHead = "SELECT version, head_hash FROM dossiers.dossiers WHERE id = @id";

    public const string DeadlineChecksDue =
        "SELECT id FROM dossiers.dossiers WHERE deadline_check_at <= @now AND NOT (id = ANY(@passed)) ORDER BY deadline_check_at LIMIT @limit";

    public const string SetDeadlineCheck = "UPDATE dossiers.dossiers SET deadline_check_at = @at WHERE id = @id AND version = @version";

    public const string RecordDeadlineTick =
        """
        INSERT INTO dossiers.deadline_watch (id, last_tick_at, looked, failed) VALUES (0, @at, @looked, @failed)
        ON CONFLICT (id) DO UPDATE SET last_tick_at = excluded.last_tick_at, looked = excluded.looked, failed = excluded.failed
        """;

    public const string LastDeadlineTick = "SELECT last_tick_at, looked, failed FROM dossiers.deadline_watch WHERE id = 0";
}
