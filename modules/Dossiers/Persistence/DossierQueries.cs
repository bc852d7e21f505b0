using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>Queries on the read model: never wakes a grain.</summary>
internal sealed class DossierQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns =
        "id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name, channel, status, version, received_at, due_at, assignee_id, assignee_name, receiving_agency, handed_over_at";
    private const string FindById = $"SELECT {Columns} FROM dossiers.dossiers WHERE id = @id";
    private const string FindByCode = $"SELECT {Columns} FROM dossiers.dossiers WHERE code = @code";
    private const string ListOfApplicant = $"SELECT {Columns} FROM dossiers.dossiers WHERE applicant_id = @applicant ORDER BY received_at DESC LIMIT 200";

    /// <summary>The worklist's condition, as the partial indexes of open dossiers state it, so that the plan may use them.</summary>
    private static readonly string IsOpen = $"status NOT IN {StatusSql.Final}";

    private static readonly string DeadlinePending = $"status IN {StatusSql.DeadlinePending}";
    internal static readonly TimeSpan NearDue = TimeSpan.FromDays(1);

    /// <summary>
    /// The most a list's total counts, so a count costs little whatever the agency's history: the worklist's open
    /// dossiers (a busy ward has a few thousand) up to 10,000, all dossiers (years of them) up to 1,000. A list with more says this many.
    /// </summary>
    public static int MaxCount(DossierOrder order) => order == DossierOrder.SoonestDue ? 10_000 : 1_000;

    public async Task<DossierSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync(FindById, command => command.Parameters.AddWithValue("id", id), cancellationToken)).SingleOrDefault();

    /// <summary>The dossier with this code (the column is unique), for the public lookup.</summary>
    public async Task<DossierSummary?> FindByCodeAsync(string code, CancellationToken cancellationToken) =>
        (await QueryAsync(FindByCode, command => command.Parameters.AddWithValue("code", code), cancellationToken)).SingleOrDefault();

    public Task<List<DossierSummary>> OfApplicantAsync(string applicantId, CancellationToken cancellationToken) =>
        QueryAsync(ListOfApplicant, command => command.Parameters.AddWithValue("applicant", applicantId), cancellationToken);

    /// <summary>
    /// A page of an agency's dossiers that pass <paramref name="filter"/>, in the filter's order after its place if any,
    /// and how many pass it in all. The worklist (open dossiers, soonest due first, ties by id) reads the index of open
    /// dossiers, which holds status, channel and procedure (migration 0016); "assigned to" reads the index by assignee
    /// (0015); all dossiers newest first read the index by receipt; a name is found by its trigrams.
    /// </summary>
    public async Task<DossierPage> ListAsync(DossierFilter filter, CancellationToken cancellationToken)
    {
        await using var batch = ListBatch(filter);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var dossiers = await ReadAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        var next = dossiers.Count == filter.Limit ? (filter.Order == DossierOrder.SoonestDue ? new PagePlace(dossiers[^1].DueAt, dossiers[^1].Id) : new PagePlace(dossiers[^1].ReceivedAt, dossiers[^1].Id)) : null;
        return new DossierPage(dossiers, total, next);
    }

    /// <summary>The two statements of a list, in one round trip: the page, then how many pass the filter (up to <see cref="MaxCount"/>).</summary>
    internal NpgsqlBatch ListBatch(DossierFilter filter)
    {
        // Received here for other agencies: the index of transferred dossiers by receiving agency (0032) holds them.
        var conditions = new List<string> { filter.Transfer == TransferFilter.Out ? "receiving_agency = @agency AND receiving_agency <> agency" : "agency = @agency" };
        var parameters = new List<NpgsqlParameter> { new NpgsqlParameter<string>("agency", filter.Agency) };
        void Add(string condition, params NpgsqlParameter[] values)
        {
            conditions.Add(condition);
            parameters.AddRange(values);
        }

        if (filter.Order == DossierOrder.SoonestDue)
        {
            Add(IsOpen);
        }

        if (filter.Transfer == TransferFilter.In)
        {
            Add("receiving_agency <> agency");
        }

        if (filter.Status is { } status)
        {
            Add("status = @status", new NpgsqlParameter<short>("status", (short)status));
        }

        if (filter.ProcedureCode is { } procedure)
        {
            Add("procedure_code = @procedure", new NpgsqlParameter<string>("procedure", procedure));
        }

        if (filter.Channel is { } channel)
        {
            Add("channel = @channel", new NpgsqlParameter<string>("channel", channel));
        }

        if (filter.Assignee is { UserId: { } assigneeId })
        {
            Add("assignee_id = @assignee", new NpgsqlParameter<string>("assignee", assigneeId));
        }
        else if (filter.Assignee is not null)
        {
            Add("assignee_id IS NULL");
        }

        if (filter.Search is { } search)
        {
            Add("(code LIKE @code_prefix OR applicant_name_folded LIKE @name_part)",
                new NpgsqlParameter<string>("code_prefix", $"{LikeText(search.Code)}%"), new NpgsqlParameter<string>("name_part", $"%{LikeText(search.Name)}%"));
        }

        if (filter.SigningPending)
        {
            // A literal, not a parameter, so that the plan may use the partial index of pending results (0019).
            Add($"EXISTS (SELECT 1 FROM dossiers.results WHERE results.dossier_id = dossiers.id AND results.signing_status = '{nameof(HanoiEgov.Vendors.SigningStatus.Pending)}')");
        }

        var now = clock.GetUtcNow().ToUniversalTime();
        if (filter.Deadline is { } deadline)
        {
            // The marks of a dossier whose clock may still run (processed and closed ones are "closed").
            Add(deadline switch
            {
                Deadlines.Overdue => $"{DeadlinePending} AND due_at < @now",
                Deadlines.NearDue => $"{DeadlinePending} AND due_at >= @now AND due_at < @near_due",
                _ => $"{DeadlinePending} AND due_at >= @near_due",
            });
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
            parameters.Add(new NpgsqlParameter<DateTimeOffset>("near_due", now + NearDue));
        }

        var where = string.Join(" AND ", conditions);
        var (orderBy, after) = filter.Order == DossierOrder.SoonestDue ? ("due_at, id", "(due_at, id) > (@after_at, @after_id)") : ("received_at DESC, id DESC", "(received_at, id) < (@after_at, @after_id)");
        var batch = dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(
            $"SELECT {Columns} FROM dossiers.dossiers WHERE {where}{(filter.After is null ? "" : $" AND {after}")} ORDER BY {orderBy} LIMIT @limit");
        foreach (var parameter in parameters)
        {
            page.Parameters.Add(parameter.Clone());
        }

        page.Parameters.Add(new NpgsqlParameter<int>("limit", filter.Limit));
        if (filter.After is { } place)
        {
            page.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_at", place.At.ToUniversalTime()));
            page.Parameters.Add(new NpgsqlParameter<Guid>("after_id", place.Id));
        }

        // Every open dossier of the agency (its only parameter is @agency): the count the triggers keep (migration 0043).
        var count = new NpgsqlBatchCommand(filter.EveryOpenDossier
            ? $"SELECT LEAST(COALESCE((SELECT open FROM dossiers.open_dossier_counts WHERE agency = @agency), 0), {MaxCount(filter.Order)})"
            : $"SELECT count(*) FROM (SELECT 1 FROM dossiers.dossiers WHERE {where} LIMIT {MaxCount(filter.Order)}) AS passing");
        foreach (var parameter in parameters)
        {
            count.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);
        return batch;
    }

    /// <summary>Text matched literally inside a LIKE pattern: its wildcards and the escape character escaped.</summary>
    private static string LikeText(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private async Task<List<DossierSummary>> QueryAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    /// <summary>The rows of <see cref="Columns"/>, each marked on time, near due, overdue or closed as of now.</summary>
    private async Task<List<DossierSummary>> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = new List<DossierSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = (DossierStatus)reader.GetInt16(8);
            var due = reader.GetFieldValue<DateTimeOffset>(11);
            var deadline = !StatusSql.IsDeadlinePending(status) ? Deadlines.Closed
                : due < now ? Deadlines.Overdue
                : due - now <= NearDue ? Deadlines.NearDue
                : Deadlines.OnTime;
            found.Add(new DossierSummary(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), status, reader.GetInt32(9), reader.GetFieldValue<DateTimeOffset>(10), due, deadline,
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13), reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15)));
        }

        return found;
    }
}

/// <summary>The marks of a dossier's deadline as of now.</summary>
internal static class Deadlines
{
    public const string OnTime = "on-time";
    public const string NearDue = "near-due";
    public const string Overdue = "overdue";
    public const string Closed = "closed";

    /// <summary>The marks a list may be filtered by: those of a dossier whose clock may still run.</summary>
    public static readonly string[] Filterable = [OnTime, NearDue, Overdue];
}

/// <summary>How a list of dossiers is ordered: the worklist's open dossiers soonest due first, or every dossier newest first.</summary>
internal enum DossierOrder
{
    SoonestDue,
    Newest,
}

/// <summary>Dossiers assigned to an official (<see cref="UserId"/>), or to nobody yet (null).</summary>
internal sealed record AssigneeFilter(string? UserId);

/// <summary>Search text: the start of a dossier code, or part of the applicant's name folded as <see cref="VietnameseText.Fold"/> folds it.</summary>
internal sealed record DossierSearch(string Code, string Name);

/// <summary>Dossiers received at one agency for another: <see cref="In"/> those the agency decides, received elsewhere; <see cref="Out"/> those it received for others.</summary>
internal enum TransferFilter
{
    In,
    Out,
}

/// <summary>A validated list query of an agency's dossiers: those it is competent for, or with <see cref="TransferFilter.Out"/> those it received for others.</summary>
internal sealed record DossierFilter(
    string Agency, DossierOrder Order, DossierStatus? Status = null, string? ProcedureCode = null, string? Channel = null, AssigneeFilter? Assignee = null,
    DossierSearch? Search = null, string? Deadline = null, int Limit = 50, PagePlace? After = null, bool SigningPending = false, TransferFilter? Transfer = null)
{
    /// <summary>The worklist unfiltered: every open dossier of the agency passes, whatever page is asked.</summary>
    public bool EveryOpenDossier => this == new DossierFilter(Agency, DossierOrder.SoonestDue, Limit: Limit, After: After);
}

/// <summary>A page of dossiers, how many pass the filter in all (at most <see cref="DossierQueries.MaxCount"/>), and where the next page starts (null on the last one).</summary>
internal sealed record DossierPage(List<DossierSummary> Dossiers, long Total, PagePlace? Next);

/// <summary>A place in a list of dossiers: the sort time (due or received) and id of the last dossier of a page. Travels as an opaque cursor.</summary>
internal sealed record PagePlace(DateTimeOffset At, Guid Id)
{
    public string ToCursor()
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, At.UtcTicks);
        Id.TryWriteBytes(bytes[8..]);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    public static PagePlace? FromCursor(string cursor)
    {
        try
        {
            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);
            var ticks = bytes.Length == 24 ? BitConverter.ToInt64(bytes, 0) : -1;
            return ticks is >= 0 and <= 3155378975999999999 ? new PagePlace(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(8))) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
