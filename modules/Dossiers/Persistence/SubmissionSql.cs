namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// The statements that record submissions, in the order a transaction runs them (<see cref="FindSubmissions"/> only
/// when a retried submission conflicts). Each takes arrays, one element per submission (or per document), so a group
/// of any size runs the same five statements as a submission alone. The
/// event store executes them and the benchmark replays exactly these through pgbench for one submission, so the two
/// cannot drift apart. Rows are found by primary key (<c>= ANY</c>), never by joining an array to a table, so no
/// plan can turn a lookup into a scan of the table.
/// </summary>
internal static class SubmissionSql
{
    /// <summary>
    /// Dossiers recorded before under these ids: a submission with an Idempotency-Key has the id its applicant and key
    /// derive, so a retry looks for the dossier it would create.
    /// </summary>
    public const string FindSubmissions = "SELECT id, code FROM dossiers.dossiers WHERE id = ANY(@ids::uuid[])";

    /// <summary>Takes <c>count</c> codes of each agency and day; returns the last number taken (the first is last - count + 1).</summary>
    public const string TakeCodes =
        """
        INSERT INTO dossiers.code_sequences AS c (agency, day, last)
        SELECT agency, day, count FROM unnest(@agencies::text[], @days::date[], @counts::integer[]) AS t(agency, day, count) ORDER BY agency, day
        ON CONFLICT (agency, day) DO UPDATE SET last = c.last + EXCLUDED.last
        RETURNING agency, day, last
        """;

    public const string InsertEvents =
        """
        INSERT INTO dossiers.events (dossier_id, version, action, status, actor_id, actor_role, actor_agency, channel, reason,
                                     recorded_at, data, previous_hash, hash, hash_version)
        SELECT * FROM unnest(@ids::uuid[], @versions::integer[], @actions::text[], @statuses::smallint[], @actors::text[], @roles::text[],
                             @actor_agencies::text[], @channels::text[], @reasons::text[], @recorded::timestamptz[], @data::text[],
                             @previous::bytea[], @hashes::bytea[], @hash_versions::smallint[])
        """;

    public const string InsertDossiers =
        """
        INSERT INTO dossiers.dossiers (id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name,
                                       applicant_name_folded, channel, status, received_at, due_at, version, head_hash, updated_at, deadline_check_at,
                                       receiving_agency)
        SELECT id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name, folded, channel, status,
               received_at, due_at, 1, hash, received_at, deadline_check_at, receiving_agency
        FROM unnest(@ids::uuid[], @codes::text[], @procedures::text[], @procedure_versions::integer[], @agencies::text[], @applicants::text[],
                    @applicant_names::text[], @folded::text[], @channels::text[], @statuses::smallint[], @received::timestamptz[],
                    @due::timestamptz[], @hashes::bytea[], @deadline_checks::timestamptz[], @receiving_agencies::text[])
             AS t(id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name, folded, channel, status, received_at, due_at, hash,
                  deadline_check_at, receiving_agency)
        """;

    /// <summary>Moves staged files onto their dossiers, each only from its uploader; returns the ids moved.</summary>
    public const string MoveAttachments =
        """
        WITH taken AS (
            DELETE FROM dossiers.staged_attachments s
            USING unnest(@attachments::uuid[], @owners::text[], @dossiers::uuid[], @document_codes::text[]) AS m(id, owner, dossier, code)
            WHERE s.id = ANY(@attachments::uuid[]) AND s.id = m.id AND s.owner_id = m.owner
            RETURNING s.id, m.dossier, m.code, s.file_name, s.content_type, s.size, s.sha256, s.content, s.uploaded_at)
        INSERT INTO dossiers.attachments (id, dossier_id, document_code, file_name, content_type, size, sha256, content, uploaded_at)
        SELECT * FROM taken
        RETURNING id
        """;

    public const string RememberSubmissions =
        """
        INSERT INTO dossiers.submissions (applicant_id, idempotency_key, dossier_id)
        SELECT * FROM unnest(@applicants::text[], @keys::text[], @ids::uuid[])
        """;
}
