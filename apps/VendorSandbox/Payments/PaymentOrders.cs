using System.Collections.Concurrent;
using System.Globalization;

namespace HanoiEgov.VendorSandbox.Payments;

internal enum PaymentStatus
{
    Pending = 0,
    Paid = 1,
    Cancelled = 2,
    Refunded = 3,
}

internal sealed record Refund(string RefundId, long Amount, string Reason, DateTimeOffset At);

internal sealed class PaymentOrder(string orderId, string billcode, long amount, string description, Uri returnUrl, Uri? ipnUrl, DateTimeOffset createdAt)
{
    private readonly List<Refund> refunds = [];

    public string OrderId { get; } = orderId;

    public string Billcode { get; } = billcode;

    public long Amount { get; } = amount;

    public string Description { get; } = description;

    public Uri ReturnUrl { get; } = returnUrl;

    public Uri? IpnUrl { get; } = ipnUrl;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public PaymentStatus Status { get; set; }

    public string? VtTransactionId { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public IReadOnlyList<Refund> Refunds => refunds;

    public long Refunded => refunds.Sum(refund => refund.Amount);

    public Lock Gate { get; } = new();

    public void AddRefund(Refund refund) => refunds.Add(refund);

    public bool SameAs(long amount, string description, Uri returnUrl, Uri? ipnUrl) =>
        Amount == amount && Description == description && ReturnUrl == returnUrl && IpnUrl == ipnUrl;
}

/// <summary>The merchant's orders at the sandbox gateway, by the merchant's order ID and by bill code.</summary>
internal sealed class PaymentOrders(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PaymentOrder> byOrder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PaymentOrder> byBillcode = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The existing order when <paramref name="orderId"/> was used before (created is then false).</summary>
    public (PaymentOrder Order, bool Created) Create(string orderId, long amount, string description, Uri returnUrl, Uri? ipnUrl)
    {
        var candidate = new PaymentOrder(orderId, $"VT{Guid.NewGuid():N}"[..18].ToUpperInvariant(), amount, description, returnUrl, ipnUrl, Now);
        var order = byOrder.GetOrAdd(orderId, candidate);
        if (ReferenceEquals(order, candidate))
        {
            byBillcode[order.Billcode] = order;
            return (order, true);
        }

        return (order, false);
    }

    public PaymentOrder? Find(string orderId) => byOrder.GetValueOrDefault(orderId);

    public PaymentOrder? FindByBillcode(string billcode) => byBillcode.GetValueOrDefault(billcode);

    public IEnumerable<PaymentOrder> All => byOrder.Values;

    public static string NewTransactionId() =>
        $"{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture)}";
}
