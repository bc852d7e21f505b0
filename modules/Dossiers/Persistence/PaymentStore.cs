using System.Text.Json;
using HanoiEgov.Vendors;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>A dossier's fee payment as the platform recorded it.</summary>
internal sealed record StoredPayment(
    string OrderId,
    Guid DossierId,
    int RequestedVersion,
    string PaymentId,
    long AmountVnd,
    IReadOnlyList<FeeLine> Lines,
    Uri RedirectUrl,
    DateTimeOffset ExpiresAt,
    PaymentStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    int? ConfirmedVersion,
    DateTimeOffset? RefundDueAt = null);

/// <summary>Who settled a payment request: <see cref="PaymentStore.Cash"/> at the counter, or one online order.</summary>
internal sealed record PaymentSettlement(string SettledBy, string? OrderId, Guid ClaimId);

/// <summary>Fee payments of dossiers, one per payment request, keyed by the order id given to the gateway.</summary>
internal sealed class PaymentStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Cash = "cash";
    public const string Online = "online";

    private const string Columns =
        "order_id, dossier_id, requested_version, payment_id, amount_vnd, lines, redirect_url, expires_at, status, created_at, paid_at, confirmed_version, refund_due_at";

    /// <summary>A retry that raced the first insert of an order inserts nothing.</summary>
    private const string Insert =
        """
        INSERT INTO dossiers.payments (order_id, dossier_id, requested_version, payment_id, amount_vnd, lines, redirect_url, expires_at, status, created_at)
        VALUES (@order, @dossier, @version, @payment, @amount, @lines, @redirect, @expires, @status, @at)
        ON CONFLICT (order_id) DO NOTHING
        """;

    private const string FindByOrder = $"SELECT {Columns} FROM dossiers.payments WHERE order_id = @order";

    private const string FindLatestByPaymentId =
        $"SELECT {Columns} FROM dossiers.payments WHERE payment_id = @payment ORDER BY created_at DESC LIMIT 1";

    private const string ListOfRequest =
        $"SELECT {Columns} FROM dossiers.payments WHERE dossier_id = @dossier AND requested_version = @version ORDER BY created_at DESC, order_id DESC";

    private const string FindLatestOfDossier =
        $"SELECT {Columns} FROM dossiers.payments WHERE dossier_id = @dossier ORDER BY created_at DESC LIMIT 1";

    /// <summary>A paid payment stays paid: only a pending one takes any status, and a later failure never unpays it.</summary>
    private const string SetStatus =
        $"""
        UPDATE dossiers.payments SET status = @status, paid_at = COALESCE(paid_at, @paid_at)
        WHERE order_id = @order AND (status = '{nameof(PaymentStatus.Pending)}' OR @status <> '{nameof(PaymentStatus.Pending)}' AND paid_at IS NULL)
        """;

    private const string MarkConfirmed =
        "UPDATE dossiers.payments SET confirmed_version = @version WHERE order_id = @order AND confirmed_version IS NULL";

    /// <summary>Takes the settlement of a payment request unless another holds it; returns the one that holds it now.</summary>
    private const string ClaimSettlement =
        """
        WITH claimed AS (
            INSERT INTO dossiers.payment_settlements (dossier_id, requested_version, settled_by, order_id, claim_id, settled_at)
            VALUES (@dossier, @version, @by, @order, @claim, @at)
            ON CONFLICT (dossier_id, requested_version) DO NOTHING
            RETURNING settled_by, order_id, claim_id)
        SELECT settled_by, order_id, claim_id FROM claimed
        UNION ALL
        SELECT settled_by, order_id, claim_id FROM dossiers.payment_settlements WHERE dossier_id = @dossier AND requested_version = @version
        LIMIT 1
        """;

    private const string ReleaseClaim =
        "DELETE FROM dossiers.payment_settlements WHERE dossier_id = @dossier AND requested_version = @version AND claim_id = @claim";

    private const string ReleaseStaleCashClaim =
        $"""
        DELETE FROM dossiers.payment_settlements
        WHERE dossier_id = @dossier AND requested_version = @version AND settled_by = '{Cash}' AND settled_at < @before
        """;

    private const string MarkRefundDue = "UPDATE dossiers.payments SET refund_due_at = @at WHERE order_id = @order AND refund_due_at IS NULL";

    /// <summary>Records a payment the gateway created; a retry that raced it gets the one recorded first.</summary>
    public async Task<StoredPayment> AddAsync(Guid dossierId, int requestedVersion, IReadOnlyList<FeeLine> lines, PaymentCreated created, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand(Insert);
        insert.Parameters.AddWithValue("order", created.OrderId);
        insert.Parameters.AddWithValue("dossier", dossierId);
        insert.Parameters.AddWithValue("version", requestedVersion);
        insert.Parameters.AddWithValue("payment", created.PaymentId);
        insert.Parameters.AddWithValue("amount", created.AmountVnd);
        insert.Parameters.AddWithValue("lines", JsonSerializer.Serialize(lines, JsonSerializerOptions.Web));
        insert.Parameters.AddWithValue("redirect", created.RedirectUrl.ToString());
        insert.Parameters.AddWithValue("expires", created.ExpiresAt.ToUniversalTime());
        insert.Parameters.AddWithValue("status", nameof(PaymentStatus.Pending));
        insert.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (await FindAsync(created.OrderId, cancellationToken))!;
    }

    public async Task<StoredPayment?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(FindByOrder);
        find.Parameters.AddWithValue("order", orderId);
        return await ReadOneAsync(find, cancellationToken);
    }

    public async Task<StoredPayment?> FindByPaymentIdAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(FindLatestByPaymentId);
        find.Parameters.AddWithValue("payment", paymentId);
        return await ReadOneAsync(find, cancellationToken);
    }

    /// <summary>The payments made for one payment request of a dossier (the version that requested it), latest first.</summary>
    public async Task<List<StoredPayment>> OfRequestAsync(Guid dossierId, int requestedVersion, CancellationToken cancellationToken)
    {
        await using var list = dataSource.CreateCommand(ListOfRequest);
        list.Parameters.AddWithValue("dossier", dossierId);
        list.Parameters.AddWithValue("version", requestedVersion);
        return await ReadAllAsync(list, cancellationToken);
    }

    public async Task<StoredPayment?> LatestOfAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(FindLatestOfDossier);
        find.Parameters.AddWithValue("dossier", dossierId);
        return await ReadOneAsync(find, cancellationToken);
    }

    /// <summary>Records the gateway's outcome; a paid payment stays paid whatever arrives later.</summary>
    public async Task SetStatusAsync(string orderId, PaymentStatus status, DateTimeOffset? paidAt, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(SetStatus);
        update.Parameters.AddWithValue("order", orderId);
        update.Parameters.AddWithValue("status", status.ToString());
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("paid_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = paidAt?.ToUniversalTime() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkConfirmedAsync(string orderId, int eventVersion, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(MarkConfirmed);
        update.Parameters.AddWithValue("order", orderId);
        update.Parameters.AddWithValue("version", eventVersion);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the settlement of a payment request (the unique key <c>payment_settlements</c> holds, one per dossier and
    /// requesting version) for cash or for one online order; returns the settlement that holds it now, the caller's
    /// own (with <paramref name="claimId"/>) when the claim was taken now.
    /// </summary>
    public async Task<PaymentSettlement> ClaimSettlementAsync(
        Guid dossierId, int requestedVersion, string settledBy, string? orderId, Guid claimId, CancellationToken cancellationToken)
    {
        await using var claim = dataSource.CreateCommand(ClaimSettlement);
        claim.Parameters.AddWithValue("dossier", dossierId);
        claim.Parameters.AddWithValue("version", requestedVersion);
        claim.Parameters.AddWithValue("by", settledBy);
        claim.Parameters.Add(new NpgsqlParameter<string?>("order", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = orderId });
        claim.Parameters.AddWithValue("claim", claimId);
        claim.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PaymentSettlement(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetGuid(2));
    }

    /// <summary>Gives back a cash claim whose step the dossier refused, so the request may still be settled.</summary>
    public async Task ReleaseSettlementAsync(Guid dossierId, int requestedVersion, Guid claimId, CancellationToken cancellationToken)
    {
        await using var release = dataSource.CreateCommand(ReleaseClaim);
        release.Parameters.AddWithValue("dossier", dossierId);
        release.Parameters.AddWithValue("version", requestedVersion);
        release.Parameters.AddWithValue("claim", claimId);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives back a cash claim older than <paramref name="age"/>; true when there was one.</summary>
    public async Task<bool> ReleaseStaleCashClaimAsync(Guid dossierId, int requestedVersion, TimeSpan age, CancellationToken cancellationToken)
    {
        await using var release = dataSource.CreateCommand(ReleaseStaleCashClaim);
        release.Parameters.AddWithValue("dossier", dossierId);
        release.Parameters.AddWithValue("version", requestedVersion);
        release.Parameters.AddWithValue("before", (clock.GetUtcNow() - age).ToUniversalTime());
        return await release.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Marks a paid online order whose request another settlement holds: its money goes back to the payer.</summary>
    public async Task MarkRefundDueAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(MarkRefundDue);
        update.Parameters.AddWithValue("order", orderId);
        update.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<StoredPayment?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();

    private static async Task<List<StoredPayment>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoredPayment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredPayment(
                reader.GetString(0),
                reader.GetGuid(1),
                reader.GetInt32(2),
                reader.GetString(3),
                reader.GetInt64(4),
                JsonSerializer.Deserialize<List<FeeLine>>(reader.GetString(5), JsonSerializerOptions.Web) ?? [],
                new Uri(reader.GetString(6)),
                reader.GetFieldValue<DateTimeOffset>(7),
                Enum.Parse<PaymentStatus>(reader.GetString(8)),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetInt32(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12)));
        }

        return found;
    }
}
