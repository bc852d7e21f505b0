using System.Globalization;
using System.Security.Claims;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>A dossier's fee payment: what to pay, where to pay it, and where it stands.</summary>
internal sealed record PaymentView(
    string OrderId, string PaymentId, long AmountVnd, IReadOnlyList<FeeLine> Lines, Uri RedirectUrl, DateTimeOffset ExpiresAt, PaymentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, int? ConfirmedInVersion);

/// <summary>What the platform did with a gateway's callback.</summary>
internal sealed record CallbackAnswer(string Outcome, string? OrderId, PaymentStatus? Status);

/// <summary>
/// Fees of a dossier in status 6 (payment requested), paid through the configured <see cref="IPaymentGateway"/>. The
/// gateway's verified callback (or a query that finds it paid) records <see cref="DossierAction.ConfirmPayment"/>, so
/// the dossier returns to the status it paused from and its clock resumes.
/// </summary>
internal static class PaymentsApi
{
    /// <summary>The system actor of events the payment gateway causes.</summary>
    public static readonly Actor Gateway = new("payment-gateway", "payment-gateway", null);

    public const string CallbackPath = "/api/payments/callback";

    /// <summary>Where <c>Dossiers:Payments:ReturnUrl</c> names the dossier, e.g. the citizen portal's <c>/dossiers/{dossierId}/pay/return</c>.</summary>
    public const string ReturnUrlDossierId = "{dossierId}";

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder endpoints)
    {
        var payment = endpoints.MapGroup("/api/dossiers/{id:guid}/payment").WithTags("Dossier payments");
        payment.MapPost("/", Create).RequireAuthorization(PlatformPolicies.Citizen).WithName("PayDossierFees");
        payment.MapGet("/", Get).RequireAuthorization().WithName("GetDossierPayment");

        // The gateway's callback: the browser's return (query) and the server-to-server IPN (body); proven by the gateway's signature.
        endpoints.MapMethods(CallbackPath, [HttpMethods.Get, HttpMethods.Post], Callback).AllowAnonymous().DisableAntiforgery()
            .WithTags("Dossier payments").WithName("PaymentGatewayCallback");
        return endpoints;
    }

    internal static async Task<Results<Created<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Create(
        Guid id, ClaimsPrincipal user, HttpContext http, DossierQueries queries, IProcedureCatalogue catalogue, PaymentStore payments, IPaymentGateway gateway,
        IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await DossiersApi.FindVisibleAsync(id, user, queries) is not { } dossier || !DossiersApi.IsApplicantOf(user, dossier))
        {
            return DossiersApi.NotFound(id);
        }

        if (dossier.Status != DossierStatus.PaymentRequested)
        {
            return TypedResults.Problem(
                title: "Fees are paid when the agency requests payment (status 6).", detail: $"Dossier {dossier.Code} is in status {dossier.StatusCode} ({dossier.Status}).",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "status" });
        }

        // One order per payment request; a new one only when the last was cancelled, failed or forgotten by the gateway.
        var earlier = await payments.OfRequestAsync(id, dossier.Version, cancellationToken);
        if (earlier.FirstOrDefault() is { Status: PaymentStatus.Pending or PaymentStatus.Paid } latest)
        {
            if (latest.Status == PaymentStatus.Paid
                || await gateway.GetPaymentAsync(latest.PaymentId, cancellationToken) is not { Succeeded: false, Failure.Code: VendorFailureCodes.NotFound })
            {
                return TypedResults.Ok(View(latest));
            }

            await payments.SetStatusAsync(latest.OrderId, PaymentStatus.Cancelled, null, cancellationToken);
        }

        var version = dossier.Version.ToString(CultureInfo.InvariantCulture);
        var orderId = earlier.Count == 0 ? $"{dossier.Code}-{version}" : $"{dossier.Code}-{version}-{(earlier.Count + 1).ToString(CultureInfo.InvariantCulture)}";

        var lines = FeeLines(dossier, catalogue);
        if (lines.Count == 0)
        {
            return TypedResults.Problem(
                title: "There is nothing to pay.", detail: $"Procedure {dossier.ProcedureCode} version {dossier.ProcedureVersion} charges no fee for the {dossier.Channel} channel.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "fees" });
        }

        var returnUrl = configuration["Dossiers:Payments:ReturnUrl"] is { Length: > 0 } configured
            ? new Uri(configured.Replace(ReturnUrlDossierId, id.ToString(), StringComparison.Ordinal))
            : new Uri($"{http.Request.Scheme}://{http.Request.Host}{CallbackPath}");
        var created = await gateway.CreatePaymentAsync(
            new CreatePaymentRequest(orderId, lines, returnUrl, $"Lệ phí hồ sơ {dossier.Code}"), cancellationToken);
        if (!created.Succeeded)
        {
            return ResultsApi.VendorProblem(http, created.Failure, "fees");
        }

        var stored = await payments.AddAsync(id, dossier.Version, lines, created.Value, cancellationToken);
        return TypedResults.Created($"/api/dossiers/{id}/payment", View(stored));
    }

    /// <summary>
    /// What the dossier's applicant pays: the fees of the procedure version the dossier was submitted under, at the
    /// amount of its channel, those above zero. Empty when there is nothing to pay.
    /// </summary>
    internal static List<FeeLine> FeeLines(DossierSummary dossier, IProcedureCatalogue catalogue)
    {
        var fees = catalogue.Find(dossier.ProcedureCode)?.Versions.FirstOrDefault(version => version.Version == dossier.ProcedureVersion)?.Fees ?? [];
        return [.. fees
            .Select((fee, index) => new FeeLine($"{dossier.ProcedureCode}-{(index + 1).ToString(CultureInfo.InvariantCulture)}", fee.Name, dossier.Channel == Channels.Online ? fee.Online : fee.Counter))
            .Where(line => line.AmountVnd > 0)];
    }

    /// <summary>The dossier's latest payment; while pending, the gateway is asked, so a payment whose callback was lost is still recorded.</summary>
    internal static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, DossierQueries queries, PaymentStore payments, IPaymentGateway gateway, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await DossiersApi.FindVisibleAsync(id, user, queries) is null)
        {
            return DossiersApi.NotFound(id);
        }

        if (await payments.LatestOfAsync(id, cancellationToken) is not { } payment)
        {
            return TypedResults.Problem(title: "No payment was made for this dossier.", detail: $"Dossier {id} has no payment.", statusCode: StatusCodes.Status404NotFound);
        }

        if (payment.Status == PaymentStatus.Pending && await gateway.GetPaymentAsync(payment.PaymentId, cancellationToken) is { Succeeded: true } now && now.Value.Status != PaymentStatus.Pending)
        {
            await SettleAsync(payment, now.Value.Status, now.Value.PaidAt, payments, queries, grains, cancellationToken);
            payment = (await payments.FindAsync(payment.OrderId, cancellationToken))!;
        }

        return TypedResults.Ok(View(payment));
    }

    internal static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult>> Callback(
        HttpContext http, PaymentStore payments, IPaymentGateway gateway, DossierQueries queries, IGrainFactory grains, CancellationToken cancellationToken)
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

        var recorded = await SettleAsync(payment, status, null, payments, queries, grains, cancellationToken);
        return TypedResults.Ok(new CallbackAnswer(recorded ? "recorded" : "already-processed", payment.OrderId, status));
    }

    /// <summary>
    /// Records a genuine outcome; a paid one confirms the payment on the dossier if it still waits for this payment.
    /// Idempotent: a replayed or late outcome finds the dossier moved on and records nothing. True when it recorded an event.
    /// </summary>
    private static async Task<bool> SettleAsync(
        StoredPayment payment, PaymentStatus status, DateTimeOffset? paidAt, PaymentStore payments, DossierQueries queries, IGrainFactory grains, CancellationToken cancellationToken)
    {
        await payments.SetStatusAsync(payment.OrderId, status, status == PaymentStatus.Paid ? paidAt ?? DateTimeOffset.UtcNow : null, cancellationToken);
        if (status != PaymentStatus.Paid
            || await queries.FindAsync(payment.DossierId, cancellationToken) is not { Status: DossierStatus.PaymentRequested } dossier
            || dossier.Version != payment.RequestedVersion)
        {
            return false;
        }

        var confirmed = await grains.GetGrain<IDossierGrain>(payment.DossierId).ActAsync(new DossierCommand(DossierAction.ConfirmPayment, payment.RequestedVersion, Gateway, null));
        if (confirmed.Dossier is not { } after)
        {
            return false;
        }

        await payments.MarkConfirmedAsync(payment.OrderId, after.Version, cancellationToken);
        return true;
    }

    private static PaymentView View(StoredPayment payment) => new(
        payment.OrderId, payment.PaymentId, payment.AmountVnd, payment.Lines, payment.RedirectUrl, payment.ExpiresAt, payment.Status, payment.CreatedAt, payment.PaidAt,
        payment.ConfirmedVersion);
}
