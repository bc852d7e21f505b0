using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Vendors;

/// <summary>
/// A gateway that "pays" at once: the redirect URL is the caller's return URL carrying a callback signed with
/// HMAC-SHA256 (a key made at start), so the payer's browser comes straight back with a paid outcome. The payment is
/// recorded as paid when that callback is verified.
/// </summary>
internal sealed partial class NullPaymentGateway(NullVendorState state, TimeProvider time, ILogger<NullPaymentGateway> logger) : IPaymentGateway
{
    private const string SignatureField = "signature";
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Record> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Record> byOrder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Refund> refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> seenCallbacks = new(StringComparer.Ordinal);

    public Task<VendorResult<PaymentCreated>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Create(request));
    }

    private VendorResult<PaymentCreated> Create(CreatePaymentRequest request)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (string.IsNullOrWhiteSpace(request.OrderId) || request.ReturnUrl is not { IsAbsoluteUri: true })
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "orderId and an absolute returnUrl are required.");
        }

        if (request.Lines is not { Count: > 0 } || request.Lines.Any(line => line.AmountVnd <= 0))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidAmount, "lines: at least one fee line, each a positive amount of đồng.");
        }

        var now = time.GetUtcNow();
        var record = byOrder.GetOrAdd(request.OrderId, _ => new Record(Guid.NewGuid().ToString("N"), request, now));
        if (record.Request.AmountVnd != request.AmountVnd)
        {
            return VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Order {request.OrderId} has a payment of another amount.");
        }

        if (byId.TryAdd(record.Id, record))
        {
            LogCreated(logger, record.Id, request.OrderId, request.AmountVnd);
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["paymentId"] = record.Id,
            ["orderId"] = request.OrderId,
            ["amount"] = request.AmountVnd.ToString(CultureInfo.InvariantCulture),
            ["status"] = nameof(PaymentStatus.Paid),
            ["callbackId"] = record.Id + "-paid",
        };
        var query = string.Join('&', fields.Select(field => $"{field.Key}={Uri.EscapeDataString(field.Value)}")) + $"&{SignatureField}={Sign(fields)}";
        var redirect = new UriBuilder(request.ReturnUrl) { Query = string.IsNullOrEmpty(request.ReturnUrl.Query) ? query : request.ReturnUrl.Query[1..] + "&" + query };
        return new PaymentCreated(record.Id, request.OrderId, request.AmountVnd, redirect.Uri, record.CreatedAt.AddMinutes(15));
    }

    public Task<VendorResult<PaymentCallbackResult>> VerifyCallbackAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Task.FromResult(Verify(callback));
    }

    private VendorResult<PaymentCallbackResult> Verify(PaymentCallback callback)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        var parsed = HttpUtility.ParseQueryString(string.IsNullOrEmpty(callback.Query) ? callback.Body ?? "" : callback.Query);
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in parsed.AllKeys.OfType<string>().Where(name => name is "paymentId" or "orderId" or "amount" or "status" or "callbackId"))
        {
            fields[name] = parsed[name]!;
        }

        var paymentId = fields.GetValueOrDefault("paymentId");
        var signature = parsed[SignatureField];
        if (signature is null || fields.Count != 5
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(fields))))
        {
            return new PaymentCallbackResult(PaymentCallbackVerdict.Tampered, paymentId, null, "The signature does not match the callback's fields.");
        }

        if (!byId.TryGetValue(paymentId!, out var record) || record.Request.AmountVnd.ToString(CultureInfo.InvariantCulture) != fields["amount"])
        {
            return new PaymentCallbackResult(PaymentCallbackVerdict.Tampered, paymentId, null, "The callback names no payment of that amount.");
        }

        if (!seenCallbacks.TryAdd(fields["callbackId"], true))
        {
            return new PaymentCallbackResult(PaymentCallbackVerdict.Replayed, paymentId, PaymentStatus.Paid, "This callback was received before.", fields["orderId"], record.Request.AmountVnd);
        }

        lock (record)
        {
            if (record.Status == PaymentStatus.Pending)
            {
                record.Status = PaymentStatus.Paid;
                record.PaidAt = time.GetUtcNow();
            }
        }

        return new PaymentCallbackResult(PaymentCallbackVerdict.Verified, paymentId, PaymentStatus.Paid, OrderId: fields["orderId"], AmountVnd: record.Request.AmountVnd);
    }

    public Task<VendorResult<Payment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        Task.FromResult<VendorResult<Payment>>(
            state.Unavailable is { } unavailable ? unavailable
            : byId.TryGetValue(paymentId ?? "", out var record) ? record.ToPayment()
            : VendorFailure.NotFound($"No payment {paymentId}."));

    public Task<VendorResult<Refund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(DoRefund(request));
    }

    private VendorResult<Refund> DoRefund(RefundRequest request)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (refunds.TryGetValue(request.RequestId ?? "", out var earlier))
        {
            return earlier.PaymentId == request.PaymentId && earlier.AmountVnd == request.AmountVnd
                ? earlier
                : VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Refund request {request.RequestId} was used before for another refund.");
        }

        if (string.IsNullOrWhiteSpace(request.RequestId))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "requestId is required.");
        }

        if (!byId.TryGetValue(request.PaymentId ?? "", out var record))
        {
            return VendorFailure.NotFound($"No payment {request.PaymentId}.");
        }

        lock (record)
        {
            if (record.Status is not (PaymentStatus.Paid or PaymentStatus.PartiallyRefunded))
            {
                return VendorFailure.Invalid(VendorFailureCodes.InvalidPaymentState, $"Payment {record.Id} is {record.Status}; only a paid payment can be refunded.");
            }

            if (request.AmountVnd <= 0 || request.AmountVnd > record.Request.AmountVnd - record.RefundedVnd)
            {
                return VendorFailure.Invalid(VendorFailureCodes.InvalidAmount, $"amountVnd: from 1 to {record.Request.AmountVnd - record.RefundedVnd} đồng can be refunded.");
            }

            var refund = refunds.GetOrAdd(request.RequestId, _ => new Refund(Guid.NewGuid().ToString("N"), record.Id, request.AmountVnd, time.GetUtcNow()));
            record.RefundedVnd += refund.AmountVnd;
            record.Status = record.RefundedVnd == record.Request.AmountVnd ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
            return refund;
        }
    }

    public Task<VendorResult<IReadOnlyList<Payment>>> ListForReconciliationAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken) =>
        Task.FromResult(state.Unavailable is { } unavailable
            ? VendorResult.Fail<IReadOnlyList<Payment>>(unavailable)
            : VendorResult.Success<IReadOnlyList<Payment>>([.. byId.Values.Where(record => record.CreatedAt >= periodStart && record.CreatedAt < periodEnd).OrderBy(record => record.CreatedAt).Select(record => record.ToPayment())]));

    private string Sign(SortedDictionary<string, string> fields) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('&', fields.Select(field => $"{field.Key}={field.Value}")))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Development payment {PaymentId} for order {OrderId}: {Amount} VND (nothing is charged)")]
    private static partial void LogCreated(ILogger logger, string paymentId, string orderId, long amount);

    private sealed class Record(string id, CreatePaymentRequest request, DateTimeOffset createdAt)
    {
        public string Id => id;

        public CreatePaymentRequest Request => request;

        public DateTimeOffset CreatedAt => createdAt;

        public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

        public DateTimeOffset? PaidAt { get; set; }

        public long RefundedVnd { get; set; }

        public Payment ToPayment()
        {
            lock (this)
            {
                return new Payment(id, request.OrderId, Status, request.AmountVnd, RefundedVnd, createdAt, PaidAt, PaidAt is null ? null : "DEV-" + id[..8].ToUpperInvariant());
            }
        }
    }
}
