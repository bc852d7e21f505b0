using System.Globalization;
using System.Net;
using HanoiEgov.VendorSandbox.Payments;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

/// <summary>
/// Viettel's payment gateway: the merchant creates an order (fields as strings, signed with <c>check_sum</c>) and
/// sends the citizen to <c>payment_url</c>, a page with Pay and Cancel; the outcome goes to the merchant's
/// <c>ipn_url</c> (server to server) and back to <c>return_url</c> (the browser), both signed the same way.
/// Query, refund and reconciliation complete the merchant API. Answers carry <c>error_code</c> ("00" = success).
/// </summary>
internal static class ViettelPaymentApi
{
    public const string Ok = "00";
    public const string BadChecksum = "01";
    public const string InvalidField = "02";
    public const string UnknownOrder = "03";
    public const string OrderExists = "04";
    public const string NotPaid = "05";
    public const string RefundTooLarge = "06";
    public const string UnknownMerchant = "07";
    public const string AlreadySettled = "08";
    public const string IpnClient = "viettel-ipn";

    private const long MaxAmount = 500_000_000;
    private static readonly TimeSpan OrderLifetime = TimeSpan.FromMinutes(15);

    public static void MapViettelPaymentApi(this IEndpointRouteBuilder app)
    {
        var merchant = app.MapGroup("/viettel/payment/v1").WithTags("Viettel payment gateway").AllowAnonymous().WithSandboxLatency();
        merchant.MapPost("/orders", CreateOrder);
        merchant.MapPost("/orders/query", Query);
        merchant.MapPost("/refunds", RefundOrder);
        merchant.MapPost("/reconciliation", Reconcile);

        var page = app.MapGroup("/viettel/payment/v1/pay").WithTags("Viettel payment page").AllowAnonymous();
        page.MapGet("/{billcode}", PaymentPage);
        page.MapPost("/{billcode}", PaymentChoice).DisableAntiforgery();

        var hooks = app.MapGroup("/viettel/sandbox/payments").WithTags("Viettel sandbox citizen").AllowAnonymous();
        hooks.MapPost("/{orderId}/pay", (string orderId, PaymentOrders orders, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation) =>
            Settle(orders.Find(orderId), PaymentStatus.Paid, orders, options, http, cancellation));
        hooks.MapPost("/{orderId}/cancel", (string orderId, PaymentOrders orders, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation) =>
            Settle(orders.Find(orderId), PaymentStatus.Cancelled, orders, options, http, cancellation));
        hooks.MapPost("/{orderId}/callback", ResendCallback);
    }

    private static JsonHttpResult<Dictionary<string, string>> CreateOrder(Dictionary<string, string> fields, PaymentOrders orders, SandboxOptions options, HttpRequest http)
    {
        if (Refuse(fields, options) is { } refusal)
        {
            return refusal;
        }

        if (Missing(fields, "order_id", "trans_amount", "return_url") is { } missing)
        {
            return missing;
        }

        if (!long.TryParse(fields["trans_amount"], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount is <= 0 or > MaxAmount)
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, $"trans_amount must be a whole number of dong from 1 to {MaxAmount}");
        }

        if (!Uri.TryCreate(fields["return_url"], UriKind.Absolute, out var returnUrl) || returnUrl.Scheme is not ("http" or "https"))
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, "return_url must be an absolute http(s) URL");
        }

        Uri? ipnUrl = null;
        if (fields.TryGetValue("ipn_url", out var ipn) && ipn.Length > 0
            && (!Uri.TryCreate(ipn, UriKind.Absolute, out ipnUrl) || ipnUrl.Scheme is not ("http" or "https")))
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, "ipn_url must be an absolute http(s) URL");
        }

        var description = fields.GetValueOrDefault("description") ?? "";
        var (order, created) = orders.Create(fields["order_id"], amount, description, returnUrl, ipnUrl);
        if (!created && !order.SameAs(amount, description, returnUrl, ipnUrl))
        {
            return Error(StatusCodes.Status409Conflict, OrderExists, $"order_id '{order.OrderId}' exists with other details");
        }

        var paymentUrl = new Uri(new Uri(http.GetEncodedUrl()), $"/viettel/payment/v1/pay/{order.Billcode}");
        return Answer(options, new Dictionary<string, string>
        {
            ["error_code"] = Ok,
            ["order_id"] = order.OrderId,
            ["billcode"] = order.Billcode,
            ["trans_amount"] = Text(order.Amount),
            ["payment_url"] = paymentUrl.ToString(),
            ["expires_at"] = (order.CreatedAt + OrderLifetime).ToString("O", CultureInfo.InvariantCulture),
        });
    }

    private static JsonHttpResult<Dictionary<string, string>> Query(Dictionary<string, string> fields, PaymentOrders orders, SandboxOptions options)
    {
        if ((Refuse(fields, options) ?? MissingOrder(fields)) is { } refusal)
        {
            return refusal;
        }

        if (Order(fields, orders) is not { } order)
        {
            return Error(StatusCodes.Status404NotFound, UnknownOrder, "no such order_id or billcode");
        }

        lock (order.Gate)
        {
            return Answer(options, new Dictionary<string, string>
            {
                ["error_code"] = Ok,
                ["order_id"] = order.OrderId,
                ["billcode"] = order.Billcode,
                ["trans_amount"] = Text(order.Amount),
                ["payment_status"] = Text((int)order.Status),
                ["vt_transaction_id"] = order.VtTransactionId ?? "",
                ["refunded_amount"] = Text(order.Refunded),
                ["created_at"] = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["paid_at"] = order.PaidAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            });
        }
    }

    private static JsonHttpResult<Dictionary<string, string>> RefundOrder(Dictionary<string, string> fields, PaymentOrders orders, SandboxOptions options)
    {
        if ((Refuse(fields, options) ?? MissingOrder(fields) ?? Missing(fields, "refund_id", "trans_amount")) is { } refusal)
        {
            return refusal;
        }

        if (!long.TryParse(fields["trans_amount"], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, "trans_amount must be a positive whole number of dong");
        }

        if (Order(fields, orders) is not { } order)
        {
            return Error(StatusCodes.Status404NotFound, UnknownOrder, "no such order_id or billcode");
        }

        lock (order.Gate)
        {
            var refundId = fields["refund_id"];
            var earlier = order.Refunds.FirstOrDefault(refund => refund.RefundId == refundId);
            if (earlier is null)
            {
                if (order.Status is not PaymentStatus.Paid)
                {
                    return Error(StatusCodes.Status409Conflict, NotPaid, $"order '{order.OrderId}' is {order.Status}, not paid");
                }

                if (amount > order.Amount - order.Refunded)
                {
                    return Error(StatusCodes.Status409Conflict, RefundTooLarge, $"trans_amount exceeds the {order.Amount - order.Refunded} dong left to refund");
                }

                earlier = new Refund(refundId, amount, fields.GetValueOrDefault("reason") ?? "", orders.Now);
                order.AddRefund(earlier);
                if (order.Refunded == order.Amount)
                {
                    order.Status = PaymentStatus.Refunded;
                }
            }
            else if (earlier.Amount != amount)
            {
                return Error(StatusCodes.Status409Conflict, InvalidField, $"refund_id '{refundId}' was used for {earlier.Amount} dong");
            }

            return Answer(options, new Dictionary<string, string>
            {
                ["error_code"] = Ok,
                ["order_id"] = order.OrderId,
                ["billcode"] = order.Billcode,
                ["refund_id"] = earlier.RefundId,
                ["trans_amount"] = Text(earlier.Amount),
                ["refunded_at"] = earlier.At.ToString("O", CultureInfo.InvariantCulture),
                ["refunded_amount"] = Text(order.Refunded),
                ["payment_status"] = Text((int)order.Status),
            });
        }
    }

    private static IResult Reconcile(Dictionary<string, string> fields, PaymentOrders orders, SandboxOptions options)
    {
        if ((Refuse(fields, options) ?? Missing(fields, "from_date", "to_date")) is { } refusal)
        {
            return refusal;
        }

        if (!DateOnly.TryParseExact(fields["from_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, "from_date must be yyyy-MM-dd");
        }

        if (!DateOnly.TryParseExact(fields["to_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || to < from)
        {
            return Error(StatusCodes.Status400BadRequest, InvalidField, "to_date must be yyyy-MM-dd, not before from_date");
        }

        bool Within(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime) is var day && day >= from && day <= to;
        var lines = new List<Dictionary<string, string>>();
        foreach (var order in orders.All)
        {
            lock (order.Gate)
            {
                if (order.PaidAt is { } paidAt && Within(paidAt))
                {
                    lines.Add(new()
                    {
                        ["type"] = "PAYMENT", ["order_id"] = order.OrderId, ["billcode"] = order.Billcode, ["vt_transaction_id"] = order.VtTransactionId ?? "",
                        ["trans_amount"] = Text(order.Amount), ["time"] = paidAt.ToString("O", CultureInfo.InvariantCulture),
                        ["payment_status"] = Text((int)order.Status), ["refunded_amount"] = Text(order.Refunded), ["created_at"] = order.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    });
                }

                lines.AddRange(order.Refunds.Where(refund => Within(refund.At)).Select(refund => new Dictionary<string, string>
                {
                    ["type"] = "REFUND", ["order_id"] = order.OrderId, ["refund_id"] = refund.RefundId, ["vt_transaction_id"] = order.VtTransactionId ?? "",
                    ["trans_amount"] = Text(refund.Amount), ["time"] = refund.At.ToString("O", CultureInfo.InvariantCulture),
                }));
            }
        }

        return TypedResults.Json(new Dictionary<string, object> { ["error_code"] = Ok, ["transactions"] = lines.OrderBy(line => line["time"], StringComparer.Ordinal).ToList() });
    }

    private static ContentHttpResult PaymentPage(string billcode, PaymentOrders orders, SandboxOptions options)
    {
        if (orders.FindByBillcode(billcode) is not { } order)
        {
            return TypedResults.Content("<!doctype html><title>Không tìm thấy</title><p>Unknown bill code.</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        var amount = order.Amount.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"));
        var settled = order.Status != PaymentStatus.Pending;
        var html = $"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><title>Viettel Money (sandbox) – Thanh toán</title></head>
            <body>
              <h1>Viettel Money – cổng thanh toán (sandbox)</h1>
              <p>Đơn vị: {WebUtility.HtmlEncode(options.Viettel.MerchantCode)}</p>
              <p>Mã đơn hàng: {WebUtility.HtmlEncode(order.OrderId)}</p>
              <p>Nội dung: {WebUtility.HtmlEncode(order.Description)}</p>
              <p>Số tiền: <strong>{amount} ₫</strong></p>
              {(settled ? $"<p>Trạng thái: {order.Status}</p>" : """
              <form method="post"><button name="action" value="pay">Thanh toán</button> <button name="action" value="cancel">Hủy</button></form>
              """)}
            </body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> PaymentChoice(
        string billcode, HttpRequest request, PaymentOrders orders, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation)
    {
        var form = await request.ReadFormAsync(cancellation);
        var status = form["action"] == "pay" ? PaymentStatus.Paid : PaymentStatus.Cancelled;
        var result = await Settle(orders.FindByBillcode(billcode), status, orders, options, http, cancellation);
        return result is SettleOutcome outcome ? TypedResults.Redirect(outcome.RedirectUrl) : result;
    }

    /// <summary>What the sandbox's citizen hooks answer: the signed callback sent, and where the browser went.</summary>
    internal sealed record SettleOutcome(Dictionary<string, string> Callback, string RedirectUrl, int? IpnStatus) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(this).ExecuteAsync(httpContext);
    }

    private static async Task<IResult> Settle(
        PaymentOrder? order, PaymentStatus status, PaymentOrders orders, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation)
    {
        if (order is null)
        {
            return Error(StatusCodes.Status404NotFound, UnknownOrder, "no such order");
        }

        lock (order.Gate)
        {
            if (order.Status != PaymentStatus.Pending)
            {
                return Error(StatusCodes.Status409Conflict, AlreadySettled, $"order '{order.OrderId}' is already {order.Status}");
            }

            order.Status = status;
            if (status == PaymentStatus.Paid)
            {
                order.VtTransactionId = PaymentOrders.NewTransactionId();
                order.PaidAt = orders.Now;
            }
        }

        return await Notify(order, options, http, cancellation);
    }

    private static async Task<IResult> ResendCallback(string orderId, PaymentOrders orders, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation) =>
        orders.Find(orderId) is { Status: not PaymentStatus.Pending } order
            ? await Notify(order, options, http, cancellation)
            : Error(StatusCodes.Status404NotFound, UnknownOrder, $"no settled order '{orderId}'");

    private static async Task<IResult> Notify(PaymentOrder order, SandboxOptions options, IHttpClientFactory http, CancellationToken cancellation)
    {
        var callback = Callback(order, options);
        int? ipnStatus = null;
        if (order.IpnUrl is { } ipnUrl)
        {
            try
            {
                using var response = await http.CreateClient(IpnClient).PostAsJsonAsync(ipnUrl, callback, cancellation);
                ipnStatus = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                ipnStatus = 0;
            }
        }

        var redirect = new UriBuilder(order.ReturnUrl)
        {
            Query = string.Join('&', callback.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}")),
        };
        return new SettleOutcome(callback, redirect.Uri.ToString(), ipnStatus);
    }

    private static Dictionary<string, string> Callback(PaymentOrder order, SandboxOptions options)
    {
        lock (order.Gate)
        {
            return PaymentChecksum.Signed(options.Viettel.HashKey, new Dictionary<string, string>
            {
                ["billcode"] = order.Billcode,
                ["merchant_code"] = options.Viettel.MerchantCode,
                ["order_id"] = order.OrderId,
                ["payment_status"] = Text((int)(order.Status == PaymentStatus.Refunded ? PaymentStatus.Paid : order.Status)),
                ["trans_amount"] = Text(order.Amount),
                ["vt_transaction_id"] = order.VtTransactionId ?? "",
                ["error_code"] = order.Status == PaymentStatus.Cancelled ? "24" : Ok,
                ["paid_at"] = order.PaidAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            });
        }
    }

    private static JsonHttpResult<Dictionary<string, string>>? Refuse(Dictionary<string, string> fields, SandboxOptions options)
    {
        if (fields.GetValueOrDefault("merchant_code") != options.Viettel.MerchantCode)
        {
            return Error(StatusCodes.Status401Unauthorized, UnknownMerchant, "merchant_code is unknown");
        }

        return PaymentChecksum.Verify(options.Viettel.HashKey, fields)
            ? null
            : Error(StatusCodes.Status401Unauthorized, BadChecksum, "check_sum does not match the fields");
    }

    private static JsonHttpResult<Dictionary<string, string>>? MissingOrder(Dictionary<string, string> fields) =>
        string.IsNullOrWhiteSpace(fields.GetValueOrDefault("order_id")) && string.IsNullOrWhiteSpace(fields.GetValueOrDefault("billcode"))
            ? Error(StatusCodes.Status400BadRequest, InvalidField, "order_id or billcode is required")
            : null;

    private static PaymentOrder? Order(Dictionary<string, string> fields, PaymentOrders orders) =>
        fields.GetValueOrDefault("billcode") is { Length: > 0 } billcode ? orders.FindByBillcode(billcode) : orders.Find(fields["order_id"]);

    private static JsonHttpResult<Dictionary<string, string>>? Missing(Dictionary<string, string> fields, params string[] names) =>
        names.FirstOrDefault(name => string.IsNullOrWhiteSpace(fields.GetValueOrDefault(name))) is { } missing
            ? Error(StatusCodes.Status400BadRequest, InvalidField, $"{missing} is required")
            : null;

    private static JsonHttpResult<Dictionary<string, string>> Answer(SandboxOptions options, Dictionary<string, string> fields) =>
        TypedResults.Json(PaymentChecksum.Signed(options.Viettel.HashKey, fields));

    private static JsonHttpResult<Dictionary<string, string>> Error(int status, string code, string message) =>
        TypedResults.Json(new Dictionary<string, string> { ["error_code"] = code, ["message"] = message }, statusCode: status);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
