namespace HanoiEgov.Vendors;

/// <summary>
/// Online payment of fees (thanh toán trực tuyến): create a payment for fee lines, send the payer to the
/// gateway's page, learn the outcome from the gateway's signed callback (IPN) and by query, refund, and
/// reconcile a period against the platform's records. Amounts are whole Vietnamese đồng.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>
    /// Creates a payment and returns the page to send the payer to. The same <see cref="CreatePaymentRequest.OrderId"/>
    /// again returns the same payment while it is unpaid. <see cref="VendorFailureCodes.InvalidAmount"/> for no fee
    /// lines or a line that is not positive.
    /// </summary>
    Task<VendorResult<PaymentCreated>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks a callback the gateway sent (to the return URL or the IPN endpoint) exactly as received: its signature,
    /// and whether it was seen before. The first genuine callback of an outcome is
    /// <see cref="PaymentCallbackVerdict.Verified"/>, the same one again <see cref="PaymentCallbackVerdict.Replayed"/>,
    /// one whose content or signature was changed <see cref="PaymentCallbackVerdict.Tampered"/>. Only a verified
    /// callback may change what the platform records.
    /// </summary>
    Task<VendorResult<PaymentCallbackResult>> VerifyCallbackAsync(PaymentCallback callback, CancellationToken cancellationToken);

    /// <summary>The payment as the gateway knows it now; <see cref="VendorFailureCodes.NotFound"/> for an unknown id.</summary>
    Task<VendorResult<Payment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>
    /// Refunds all or part of a paid payment. <see cref="VendorFailureCodes.InvalidPaymentState"/> if it is not paid,
    /// <see cref="VendorFailureCodes.InvalidAmount"/> for more than is left; the same
    /// <see cref="RefundRequest.RequestId"/> again returns the first refund.
    /// </summary>
    Task<VendorResult<Refund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Every payment created in [<paramref name="periodStart"/>, <paramref name="periodEnd"/>), as the gateway settled it.</summary>
    Task<VendorResult<IReadOnlyList<Payment>>> ListForReconciliationAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken);
}

/// <summary>One fee of a dossier (lệ phí, phí).</summary>
/// <param name="Code">The fee's code in the procedure.</param>
/// <param name="Description">What the payer sees.</param>
/// <param name="AmountVnd">Whole đồng, positive.</param>
public sealed record FeeLine(string Code, string Description, long AmountVnd);

/// <summary>A payment to create.</summary>
/// <param name="OrderId">The platform's reference and idempotency key, e.g. the dossier code.</param>
/// <param name="Lines">The fees; the payment's amount is their sum.</param>
/// <param name="ReturnUrl">Where the gateway sends the payer back (with the outcome in the query).</param>
/// <param name="Description">What the payer sees on the gateway's page.</param>
public sealed record CreatePaymentRequest(string OrderId, IReadOnlyList<FeeLine> Lines, Uri ReturnUrl, string Description)
{
    /// <summary>The sum of the lines.</summary>
    public long AmountVnd => Lines.Sum(line => line.AmountVnd);
}

/// <summary>A payment the gateway created.</summary>
/// <param name="PaymentId">The gateway's payment id.</param>
/// <param name="OrderId">The platform's reference.</param>
/// <param name="AmountVnd">The amount to pay.</param>
/// <param name="RedirectUrl">The gateway's page to send the payer to.</param>
/// <param name="ExpiresAt">When an unpaid payment lapses.</param>
public sealed record PaymentCreated(string PaymentId, string OrderId, long AmountVnd, Uri RedirectUrl, DateTimeOffset ExpiresAt);

/// <summary>A callback as the platform received it, byte for byte where the signature covers it.</summary>
/// <param name="Query">The raw query string (without '?'), for callbacks by redirect; empty if none.</param>
/// <param name="Body">The raw request body, for callbacks by POST (IPN); empty if none.</param>
/// <param name="Headers">Request headers (signature headers live here for some gateways); names case-insensitive.</param>
public sealed record PaymentCallback(string Query, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What a callback proved.</summary>
public enum PaymentCallbackVerdict
{
    /// <summary>Genuine and new: record its outcome.</summary>
    Verified,

    /// <summary>The signature does not match the content: ignore it (and log it).</summary>
    Tampered,

    /// <summary>Genuine, but already received: ignore it, the outcome is recorded.</summary>
    Replayed,
}

/// <summary>The result of checking a callback.</summary>
/// <param name="Verdict">Verified, tampered or replayed.</param>
/// <param name="PaymentId">The payment it is about; null when tampered beyond reading.</param>
/// <param name="Status">The outcome it reports; trust it only when <see cref="Verdict"/> is Verified or Replayed.</param>
/// <param name="Reason">Why it is tampered, for logs.</param>
/// <param name="OrderId">The platform's order id the signed callback names; the platform checks it against its own record of the payment.</param>
/// <param name="AmountVnd">The amount the signed callback names, in đồng; checked like <paramref name="OrderId"/>.</param>
public sealed record PaymentCallbackResult(
    PaymentCallbackVerdict Verdict, string? PaymentId, PaymentStatus? Status, string? Reason = null, string? OrderId = null, long? AmountVnd = null);

/// <summary>Where a payment stands.</summary>
public enum PaymentStatus
{
    /// <summary>Created, not paid yet.</summary>
    Pending,

    /// <summary>Paid in full.</summary>
    Paid,

    /// <summary>The payer's bank or the payer declined.</summary>
    Failed,

    /// <summary>Lapsed or cancelled before payment.</summary>
    Cancelled,

    /// <summary>Paid, then refunded in part.</summary>
    PartiallyRefunded,

    /// <summary>Paid, then refunded in full.</summary>
    Refunded,
}

/// <summary>A payment as the gateway knows it.</summary>
/// <param name="PaymentId">The gateway's payment id.</param>
/// <param name="OrderId">The platform's reference.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="AmountVnd">The amount.</param>
/// <param name="RefundedVnd">How much was refunded.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="PaidAt">When it was paid, if it was.</param>
/// <param name="BankReference">The bank's transaction reference, if paid.</param>
public sealed record Payment(
    string PaymentId,
    string OrderId,
    PaymentStatus Status,
    long AmountVnd,
    long RefundedVnd,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    string? BankReference = null);

/// <summary>A refund to make.</summary>
/// <param name="RequestId">The caller's idempotency key.</param>
/// <param name="PaymentId">The paid payment.</param>
/// <param name="AmountVnd">How much, at most what is left.</param>
/// <param name="Reason">Why, for the record.</param>
public sealed record RefundRequest(string RequestId, string PaymentId, long AmountVnd, string Reason);

/// <summary>A refund the gateway made.</summary>
/// <param name="RefundId">The gateway's refund id.</param>
/// <param name="PaymentId">The payment refunded.</param>
/// <param name="AmountVnd">How much.</param>
/// <param name="RefundedAt">When.</param>
public sealed record Refund(string RefundId, string PaymentId, long AmountVnd, DateTimeOffset RefundedAt);
