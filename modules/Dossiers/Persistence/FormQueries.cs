using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>One line of an agency's tracking ledger (form 07).</summary>
/// <param name="Agency">The competent agency, which decides the dossier.</param>
/// <param name="ReceivingAgency">The agency whose counter or page received it.</param>
/// <param name="HandedOverAt">When the receiving agency handed it over to the competent one; null when it has not, or had nothing to hand over.</param>
internal sealed record LedgerEntry(
    string Code,
    string ProcedureCode,
    string ApplicantName,
    string Channel,
    DossierStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ProcessedAt,
    DateTimeOffset? ReturnedAt,
    string? ClosingReason,
    int Extensions,
    string Agency = "",
    string ReceivingAgency = "",
    DateTimeOffset? HandedOverAt = null)
{
    /// <summary>Received by <paramref name="ledgerAgency"/> for another agency, which decides it and counts its timeliness.</summary>
    public bool ReceivedFor(string ledgerAgency) => ReceivingAgency == ledgerAgency && Agency != ledgerAgency;

    /// <summary>Decided by <paramref name="ledgerAgency"/>, received at another agency and handed over.</summary>
    public bool TransferredTo(string ledgerAgency) => Agency == ledgerAgency && ReceivingAgency != ledgerAgency;

    /// <summary>Processed by its first due time; as the statistics count it, an extended dossier never is.</summary>
    public bool OnTime => ProcessedAt <= DueAt && Extensions == 0;

    /// <summary>Processed late or after an extension, or still open past its due time; as the statistics count it.</summary>
    public bool LateAt(DateTimeOffset now) =>
        ProcessedAt is { } processed ? processed > DueAt || Extensions > 0
        : !StatusSql.IsClosedUnprocessed(Status) && DueAt < now;
}

/// <summary>A document on a dossier, with when it was uploaded, for the receipt to list what it had been given.</summary>
internal sealed record ReceivedDocument(string DocumentCode, string FileName, DateTimeOffset UploadedAt);

/// <summary>What the forms read beyond the dossier and its history: its documents, and the ledger's rows. Never wakes a grain.</summary>
internal sealed class FormQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The most dossiers one ledger prints; a longer period is refused rather than cut short.</summary>
    public const int MaxLedgerEntries = 5000;

    private const string ListDocuments =
        "SELECT document_code, file_name, uploaded_at FROM dossiers.attachments WHERE dossier_id = @id ORDER BY document_code, uploaded_at";

    /// <summary>
    /// The dossiers received in a period that the agency decides (wherever received) or received for another (from
    /// the index of transferred dossiers, 0032), with when the result went back, why a closed one closed, and both agencies.
    /// </summary>
    private static readonly string Ledger =
        $"""
        SELECT d.code, d.procedure_code, d.applicant_name, d.channel, d.status, d.received_at, d.due_at, d.processed_at, d.extensions,
               (SELECT max(e.recorded_at) FROM dossiers.events e WHERE e.dossier_id = d.id AND e.action = '{nameof(DossierAction.ReturnResult)}'),
               (SELECT e.reason FROM dossiers.events e WHERE e.dossier_id = d.id AND d.status IN {StatusSql.ClosedUnprocessed} ORDER BY e.version DESC LIMIT 1),
               d.agency, d.receiving_agency, d.handed_over_at
        FROM dossiers.dossiers d
        WHERE (d.agency = @agency OR (d.receiving_agency = @agency AND d.receiving_agency <> d.agency)) AND d.received_at >= @from AND d.received_at < @to
        ORDER BY d.received_at, d.code
        LIMIT @limit
        """;

    public async Task<List<ReceivedDocument>> DocumentsAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListDocuments);
        command.Parameters.AddWithValue("id", dossierId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new List<ReceivedDocument>();
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add(new ReceivedDocument(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return documents;
    }

    /// <summary>The agency's dossiers (those it decides and those it received for others) received in [from, to), oldest first; at most <see cref="MaxLedgerEntries"/> + 1, so a caller can tell there were more.</summary>
    public async Task<List<LedgerEntry>> LedgerAsync(string agency, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Ledger);
        command.Parameters.AddWithValue("agency", agency);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("limit", MaxLedgerEntries + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LedgerEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                (DossierStatus)reader.GetInt16(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetInt32(8),
                reader.GetString(11),
                reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }

        return entries;
    }
}
