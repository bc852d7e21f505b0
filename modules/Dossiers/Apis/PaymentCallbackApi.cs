using System.Globalization;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>What the platform did with a gateway's callback.</summary>
internal sealed record CallbackAnswer(string Outcome, string? OrderId, PaymentStatus? Status);

/// <summary>
/// The payment gateway's callback: the browser's return (query) and the server-to-server IPN (body), proven by the
/// gateway's signature and checked against the order the platform stored; a paid one is settled as
/// <see cref="PaymentsApi"/> settles a payment found paid.
/// </summary>
internal static partial class PaymentCallbackApi
{
    public static IEndpointRouteBuilder MapPaymentCallbackApi(this IEndpointRouteBuilder endpoints)
    {
        var callback = endpoints.MapGroup(PaymentsApi.CallbackPath).WithTags("Dossier payments").AllowAnonymous();
        callback.MapMethods("", [HttpMethods.Get, HttpMethods.Post], PaymentGatewayCallback).DisableAntiforgery().WithName("PaymentGatewayCallback")
            .WithSummary("The payment gateway's signed callback about an order: recorded once, a paid order confirming the dossier's payment (or marked for refund).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult>> PaymentGatewayCallback(
        HttpContext http, PaymentStore payments, IPaymentGateway gateway, DossierQueries queries, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        var headers = http.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var checkedCallback = await gateway.VerifyCallbackAsync(new PaymentCallback(http.Request.QueryString.Value?.TrimStart('?') ?? "", body, headers), cancellationToken);
        if (!checkedCallback.Succeeded)
        {
            return ResultsApi.VendorProblem(http, checkedCallback.Failure, "callback");
        }

        var verdict = checkedCallback.Value;
        if (verdict.Verdict == PaymentCallbackVerdict.Tampered || verdict.PaymentId is null || verdict.Status is not { } status)
        {
            return TypedResults.Problem(title: "The callback is not genuine.", detail: verdict.Reason, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = "check_sum" });
        }

        if (await payments.FindByPaymentIdAsync(verdict.PaymentId, cancellationToken) is not { } payment)
        {
            return TypedResults.Problem(title: "No payment of the platform has this id.", detail: verdict.PaymentId, statusCode: StatusCodes.Status404NotFound);
        }

        // The signature proves the gateway sent it, not that it is about what the platform asked for.
        var logger = PaymentsApi.Logger(loggers);
        if (verdict.OrderId != payment.OrderId)
        {
            LogCallbackMismatch(logger, verdict.PaymentId, "orderId", payment.OrderId, verdict.OrderId ?? "(none)");
            return Mismatch("orderId", $"The callback names order {verdict.OrderId ?? "(none)"}, but payment {verdict.PaymentId} is the platform's order {payment.OrderId}.");
        }

        if (verdict.AmountVnd != payment.AmountVnd)
        {
            LogCallbackMismatch(logger, verdict.PaymentId, "amountVnd", payment.AmountVnd.ToString(CultureInfo.InvariantCulture), verdict.AmountVnd?.ToString(CultureInfo.InvariantCulture) ?? "(none)");
            return Mismatch("amountVnd", $"The callback names {verdict.AmountVnd?.ToString(CultureInfo.InvariantCulture) ?? "no"} đồng, but order {payment.OrderId} is for {payment.AmountVnd.ToString(CultureInfo.InvariantCulture)} đồng.");
        }

        var recorded = await PaymentsApi.SettleAsync(payment, status, null, payments, queries, grains, logger, cancellationToken);
        var outcome = recorded ? "recorded"
            : status == PaymentStatus.Paid && (await payments.FindAsync(payment.OrderId, cancellationToken))?.RefundDueAt is not null ? "refund-due"
            : "already-processed";
        return TypedResults.Ok(new CallbackAnswer(outcome, payment.OrderId, status));
    }

    private static ProblemHttpResult Mismatch(string field, string detail) =>
        TypedResults.Problem(title: "The callback does not match the platform's payment.", detail: detail, statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    [LoggerMessage(Level = LogLevel.Error, Message = "A genuinely signed payment callback for {PaymentId} was refused: its {Field} is {Received}, the platform stored {Stored}")]
    private static partial void LogCallbackMismatch(ILogger logger, string paymentId, string field, string stored, string received);
}
