using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Viettel;

/// <summary>
/// Viettel's payment gateway. Every request and answer is a flat set of text fields signed with <c>check_sum</c>
/// (HMAC-SHA256 with the merchant's hash key over the other fields sorted by name, <c>name=value&amp;…</c>, base64).
/// The payment id is the gateway's <c>billcode</c>; the order id is the platform's.
/// </summary>
internal sealed class ViettelPaymentGateway(IHttpClientFactory clients, IOptions<ViettelOptions> options, PaymentCallbackLedger ledger) : IPaymentGateway
{
    private const string Ok = "00";
    private const string UnknownOrder = "03";
    private const string OrderExists = "04";
    private const string NotPaid = "05";
    private const string RefundTooLarge = "06";
    private const string AlreadySettled = "08";

    public async Task<VendorResult<PaymentCreated>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel payment create");
        if (request.Lines.Count == 0 || request.Lines.Any(line => line.AmountVnd <= 0))
        {
            return VendorResult.Fail<PaymentCreated>(new VendorFailure(VendorFailureCodes.InvalidAmount, "lines: a payment needs at least one fee line, each of a positive amount.")).Traced(activity);
        }

        var fields = new Dictionary<string, string>
        {
            ["order_id"] = request.OrderId,
            ["trans_amount"] = Text(request.AmountVnd),
            ["description"] = request.Description,
            ["return_url"] = request.ReturnUrl.ToString(),
        };
        if (options.Value.IpnUrl is { } ipn)
        {
            fields["ipn_url"] = ipn.ToString();
        }

        var answer = await PostAsync("payment/v1/orders", fields, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<PaymentCreated>(answer.Failure).Traced(activity);
        }

        var body = answer.Value;
        VendorResult<PaymentCreated> result = body.Text("error_code") switch
        {
            Ok => new PaymentCreated(
                body.Text("billcode")!, body.Text("order_id")!, long.Parse(body.Text("trans_amount")!, CultureInfo.InvariantCulture),
                new Uri(body.Text("payment_url")!), DateTimeOffset.Parse(body.Text("expires_at")!, CultureInfo.InvariantCulture)),
            OrderExists => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"orderId: {body.Text("message")}"),
            _ => Refused(body),
        };
        return result.Traced(activity);
    }

    /// <summary>
    /// A callback (the IPN body, or the return URL's query) is genuine when its <c>check_sum</c> matches and it names
    /// this merchant; a genuine one seen before is a replay.
    /// </summary>
    public Task<VendorResult<PaymentCallbackResult>> VerifyCallbackAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel payment callback");
        var fields = Fields(callback);
        if (fields is null || !fields.TryGetValue("check_sum", out var given)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(Checksum(fields)))
            || fields.GetValueOrDefault("merchant_code") != options.Value.MerchantCode
            || fields.GetValueOrDefault("billcode") is not { Length: > 0 } billcode)
        {
            activity?.SetTag("vendor.callback", "tampered");
            return Task.FromResult(VendorResult.Success(new PaymentCallbackResult(PaymentCallbackVerdict.Tampered, null, null, "check_sum does not match the fields, or the callback is not for this merchant.")));
        }

        var status = fields.GetValueOrDefault("payment_status") switch
        {
            "1" => PaymentStatus.Paid,
            "2" => PaymentStatus.Cancelled,
            "0" => PaymentStatus.Pending,
            _ => PaymentStatus.Failed,
        };
        var first = ledger.TryRecord($"{billcode}|{fields.GetValueOrDefault("payment_status")}|{fields.GetValueOrDefault("vt_transaction_id")}");
        activity?.SetTag("vendor.callback", first ? "verified" : "replayed");
        var orderId = fields.GetValueOrDefault("order_id");
        long? amount = long.TryParse(fields.GetValueOrDefault("trans_amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return Task.FromResult(VendorResult.Success(first
            ? new PaymentCallbackResult(PaymentCallbackVerdict.Verified, billcode, status, OrderId: orderId, AmountVnd: amount)
            : new PaymentCallbackResult(PaymentCallbackVerdict.Replayed, billcode, status, "This callback was received before.", orderId, amount)));
    }

    public async Task<VendorResult<Payment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken)
    {
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel payment query");
        var answer = await PostAsync("payment/v1/orders/query", new() { ["billcode"] = paymentId }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<Payment>(answer.Failure).Traced(activity);
        }

        VendorResult<Payment> result = answer.Value.Text("error_code") switch
        {
            Ok => Payment(answer.Value.Body),
            UnknownOrder => VendorFailure.NotFound($"The gateway has no payment '{paymentId}'."),
            _ => Refused(answer.Value),
        };
        return result.Traced(activity);
    }

    public async Task<VendorResult<Refund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel payment refund");
        if (request.AmountVnd <= 0)
        {
            return VendorResult.Fail<Refund>(new VendorFailure(VendorFailureCodes.InvalidAmount, "amountVnd: a refund must be positive.")).Traced(activity);
        }

        var answer = await PostAsync("payment/v1/refunds", new()
        {
            ["billcode"] = request.PaymentId,
            ["refund_id"] = request.RequestId,
            ["trans_amount"] = Text(request.AmountVnd),
            ["reason"] = request.Reason,
        }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<Refund>(answer.Failure).Traced(activity);
        }

        var body = answer.Value;
        VendorResult<Refund> result = body.Text("error_code") switch
        {
            Ok => new Refund(body.Text("refund_id")!, body.Text("billcode")!, long.Parse(body.Text("trans_amount")!, CultureInfo.InvariantCulture), DateTimeOffset.Parse(body.Text("refunded_at")!, CultureInfo.InvariantCulture)),
            UnknownOrder => VendorFailure.NotFound($"The gateway has no payment '{request.PaymentId}'."),
            NotPaid or AlreadySettled => new VendorFailure(VendorFailureCodes.InvalidPaymentState, $"paymentId: {body.Text("message")}"),
            RefundTooLarge => new VendorFailure(VendorFailureCodes.InvalidAmount, $"amountVnd: {body.Text("message")}"),
            "02" when body.Status == System.Net.HttpStatusCode.Conflict => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"requestId: {body.Text("message")}"),
            _ => Refused(body),
        };
        return result.Traced(activity);
    }

    public async Task<VendorResult<IReadOnlyList<Payment>>> ListForReconciliationAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel payment reconciliation");
        var answer = await PostAsync("payment/v1/reconciliation", new()
        {
            ["from_date"] = periodStart.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to_date"] = periodEnd.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<IReadOnlyList<Payment>>(answer.Failure).Traced(activity);
        }

        if (answer.Value.Text("error_code") != Ok)
        {
            return VendorResult.Fail<IReadOnlyList<Payment>>(Refused(answer.Value)).Traced(activity);
        }

        var payments = answer.Value.Body.GetProperty("transactions").EnumerateArray()
            .Where(line => line.GetProperty("type").GetString() == "PAYMENT")
            .Where(line => DateTimeOffset.Parse(line.GetProperty("time").GetString()!, CultureInfo.InvariantCulture) is var at && at >= periodStart && at <= periodEnd)
            .Select(Payment)
            .ToList();
        return payments;
    }

    private async Task<VendorResult<VendorAnswer>> PostAsync(string path, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        fields["merchant_code"] = options.Value.MerchantCode;
        fields["check_sum"] = Checksum(fields);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(fields) };
        return await ViettelModule.Connection.SendAsync(clients, request, cancellationToken);
    }

    private string Checksum(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var canonical = string.Join('&', fields.Where(field => field.Key != "check_sum").OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => $"{field.Key}={field.Value}"));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.HashKey), Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The callback's fields: the IPN's JSON body, or else the return URL's query.</summary>
    private static Dictionary<string, string>? Fields(PaymentCallback callback)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(callback.Body))
            {
                return JsonSerializer.Deserialize<Dictionary<string, string>>(callback.Body);
            }

            var query = callback.Query.TrimStart('?');
            return query.Length == 0 ? null : query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static Payment Payment(JsonElement fields)
    {
        string? Field(string name) => fields.TryGetProperty(name, out var value) ? value.GetString() : null;
        var refunded = long.Parse(Field("refunded_amount") ?? "0", CultureInfo.InvariantCulture);
        var status = Field("payment_status") switch
        {
            "1" when refunded > 0 => PaymentStatus.PartiallyRefunded,
            "1" => PaymentStatus.Paid,
            "2" => PaymentStatus.Cancelled,
            "3" => PaymentStatus.Refunded,
            _ => PaymentStatus.Pending,
        };
        return new Payment(
            Field("billcode")!,
            Field("order_id")!,
            status,
            long.Parse(Field("trans_amount")!, CultureInfo.InvariantCulture),
            refunded,
            DateTimeOffset.Parse(Field("created_at")!, CultureInfo.InvariantCulture),
            Field("paid_at") is { Length: > 0 } paid ? DateTimeOffset.Parse(paid, CultureInfo.InvariantCulture) : null,
            Field("vt_transaction_id") is { Length: > 0 } reference ? reference : null);
    }

    private static VendorFailure Refused(VendorAnswer answer) =>
        new(VendorFailureCodes.InvalidRequest, $"The payment gateway answered {answer.Text("error_code")}: {answer.Text("message")}");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The callbacks already accepted, to tell a replay from the first delivery. Held in this process's memory for a
/// day: enough for the gateway's retries; the platform's own record of the payment must still be idempotent
/// across replicas.
/// </summary>
internal sealed class PaymentCallbackLedger
{
    private static readonly TimeSpan Keep = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    public bool TryRecord(string key)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var old in seen.Where(entry => now - entry.Value > Keep).Select(entry => entry.Key))
        {
            seen.TryRemove(old, out _);
        }

        return seen.TryAdd(key, now);
    }
}
