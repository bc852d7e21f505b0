namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// The statements one submission's transaction runs, in order: the event store executes them and the benchmark
/// replays exactly these through pgbench, so the two cannot drift apart.
/// </summary>
internal static class SubmissionSql
{
    public const string FindSubmission =
        """
        SELECT d.id, d.code FROM dossiers.submissions s JOIN dossiers.dossiers d ON d.id = s.dossier_id
        WHERE s.applicant_id = @applicant AND s.idempotency_key = @key
        """;

    public const string NextCode =
        """
        INSERT INTO dossiers.code_sequences (agency, day, last) VALUES (@agency, @day, 1)
        ON CONFLICT (agency, day) DO UPDATE SET last = dossiers.code_sequences.last + 1
        RETURNING last
        """;

    public const string InsertEvent =
        """
        INSERT INTO dossiers.events (dossier_id, version, action, status, actor_id, actor_role, actor_agency, channel, reason,
                                     recorded_at, data, previous_hash, hash)
        VALUES (@id, @version, @action, @status, @actor, @role, @agency, @channel, @reason, @at, @data, @previous, @hash)
        """;

    public const string InsertDossier =
        """
        INSERT INTO dossiers.dossiers (id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name,
                                       applicant_name_folded, channel, status, received_at, due_at, version, head_hash, updated_at)
        VALUES (@id, @code, @procedure, @procedure_version, @agency, @applicant, @applicant_name,
                @folded, @channel, @status, @received_at, @due_at, 1, @hash, @received_at)
        """;

    /// <summary>Once per document: moves a staged file onto the new dossier.</summary>
    public const string MoveAttachment =
        """
        WITH taken AS (DELETE FROM dossiers.staged_attachments WHERE id = @id AND owner_id = @owner RETURNING *)
        INSERT INTO dossiers.attachments (id, dossier_id, document_code, file_name, content_type, size, sha256, content, uploaded_at)
        SELECT id, @dossier, @code, file_name, content_type, size, sha256, content, uploaded_at FROM taken
        """;

    public const string RememberSubmission =
        "INSERT INTO dossiers.submissions (applicant_id, idempotency_key, dossier_id) VALUES (@applicant, @key, @id)";
}
