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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>A dossier's fee payment: what to pay, where to pay it, and where it stands.</summary>
/// <param name="RefundDueAt">Set when the order was paid online after the request was settled otherwise (cash at the counter): the money goes back to the payer.</param>
internal sealed record PaymentView(
    string OrderId, string PaymentId, long AmountVnd, IReadOnlyList<FeeLine> Lines, Uri RedirectUrl, DateTimeOffset ExpiresAt, PaymentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, int? ConfirmedInVersion, DateTimeOffset? RefundDueAt);

/// <summary>The applicant's payment of a dossier's fees, with what creating the order at the gateway needs.</summary>
internal sealed record PayDossierFeesRequest(
    Guid Id, ClaimsPrincipal User, HttpContext Http, DossierAccess Access, IProcedureCatalogue Catalogue, PaymentStore Payments, IPaymentGateway Gateway,
    IOptions<PaymentOptions> Options, CancellationToken CancellationToken);

/// <summary>A viewer's read of a dossier's latest payment, with what settling one the gateway reports paid needs.</summary>
internal sealed record GetDossierPaymentRequest(
    Guid Id, ClaimsPrincipal User, DossierAccess Access, DossierQueries Queries, PaymentStore Payments, IPaymentGateway Gateway, IGrainFactory Grains,
    ILoggerFactory Loggers, CancellationToken CancellationToken);

/// <summary><c>Dossiers:Payments</c>: where the gateway sends the payer back.</summary>
internal sealed class PaymentOptions
{
    public const string SectionName = "Dossiers:Payments";

    /// <summary>An absolute http(s) address; <c>{dossierId}</c> in it is replaced by the dossier's id.</summary>
    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Fees of a dossier in status 6 (payment requested), paid through the configured <see cref="IPaymentGateway"/>. The
/// gateway's verified callback (or a query that finds it paid) records <see cref="DossierAction.ConfirmPayment"/>, so
/// the dossier returns to the status it paused from and its clock resumes.
/// </summary>
internal static partial class PaymentsApi
{
    /// <summary>The system actor of events the payment gateway causes.</summary>
    public static readonly Actor Gateway = new("payment-gateway", "payment-gateway", null);

    /// <summary>When a clerk may record cash again after the gateway could not say whether an order was paid online.</summary>
    private static readonly TimeSpan GatewayRetryAfter = TimeSpan.FromSeconds(30);

    public const string CallbackPath = "/api/payments/callback";

    /// <summary>How long a clerk's cash step may take between claiming the settlement and the dossier recording it.</summary>
    public static readonly TimeSpan CashStepTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Where <c>Dossiers:Payments:ReturnUrl</c> names the dossier, e.g. the citizen portal's <c>/dossiers/{dossierId}/pay/return</c>.</summary>
    public const string ReturnUrlDossierId = "{dossierId}";

    /// <summary>
    /// Binds <see cref="PaymentOptions"/>, checked at start: outside Development <c>Dossiers:Payments:ReturnUrl</c> must
    /// be set; in Development it defaults to the platform's own callback at the first address it is configured to
    /// listen on (<c>urls</c>, <c>ASPNETCORE_URLS</c>), never to the Host header of a request.
    /// </summary>
    public static void AddPaymentOptions(IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<PaymentOptions>()
            .BindConfiguration(PaymentOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (development && string.IsNullOrWhiteSpace(options.ReturnUrl))
                {
                    options.ReturnUrl = OwnAddress(configuration["urls"]) + CallbackPath;
                }
            })
            .Validate(options => !string.IsNullOrWhiteSpace(options.ReturnUrl),
                $"{PaymentOptions.SectionName}:ReturnUrl is not set; outside Development the address the payment gateway sends the payer back to must be configured (e.g. the citizen portal's https://…/dossiers/{ReturnUrlDossierId}/pay/return).")
            .Validate(options => string.IsNullOrWhiteSpace(options.ReturnUrl) || IsWebAddress(options.ReturnUrl),
                $"{PaymentOptions.SectionName}:ReturnUrl must be an absolute http or https address.")
            .ValidateOnStart();
    }

    /// <summary>The first listening address, a wildcard host read as localhost; http://localhost when none is configured.</summary>
    private static string OwnAddress(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return "http://localhost";
        }

        foreach (var wildcard in new[] { "://+", "://*", "://[::]", "://0.0.0.0" })
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return first.TrimEnd('/');
    }

    private static bool IsWebAddress(string address) =>
        Uri.TryCreate(address.Replace(ReturnUrlDossierId, Guid.Empty.ToString(), StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder endpoints)
    {
        // The dossier's viewers read its payment; its applicant pays (DossierAccess).
        var payment = endpoints.MapGroup("/api/dossiers/{id:guid}/payment").WithTags("Dossier payments").RequireAuthorization();
        payment.MapPost("/", PayDossierFees).RequireAuthorization(PlatformPolicies.Citizen).WithName("PayDossierFees")
            .WithSummary("The dossier's applicant pays the fees a payment request (status 6) asks for: one order per request, with the gateway's address to pay at.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        payment.MapGet("/", GetDossierPayment).WithName("GetDossierPayment")
            .WithSummary("The dossier's latest payment; while pending the gateway is asked, so a payment whose callback was lost is still recorded.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<Results<Created<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> PayDossierFees([AsParameters] PayDossierFeesRequest request)
    {
        var (id, user, payments, gateway, cancellationToken) = (request.Id, request.User, request.Payments, request.Gateway, request.CancellationToken);
        if (await request.Access.VisibleAsync(id, user, cancellationToken) is not { } dossier || !DossierAccess.IsApplicantOf(user, dossier))
        {
            return DossierAccess.NotFound(id);
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

        var lines = FeeLines(dossier, request.Catalogue);
        if (lines.Count == 0)
        {
            return TypedResults.Problem(
                title: "There is nothing to pay.", detail: $"Procedure {dossier.ProcedureCode} version {dossier.ProcedureVersion} charges no fee for the {dossier.Channel} channel.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "fees" });
        }

        var returnUrl = new Uri(request.Options.Value.ReturnUrl!.Replace(ReturnUrlDossierId, id.ToString(), StringComparison.Ordinal));
        var created = await gateway.CreatePaymentAsync(
            new CreatePaymentRequest(orderId, lines, returnUrl, $"Lệ phí hồ sơ {dossier.Code}"), cancellationToken);
        if (!created.Succeeded)
        {
            return ResultsApi.VendorProblem(request.Http, created.Failure, "fees");
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
    internal static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> GetDossierPayment([AsParameters] GetDossierPaymentRequest request)
    {
        var (id, payments, cancellationToken) = (request.Id, request.Payments, request.CancellationToken);
        if (await request.Access.VisibleAsync(id, request.User, cancellationToken) is null)
        {
            return DossierAccess.NotFound(id);
        }

        if (await payments.LatestOfAsync(id, cancellationToken) is not { } payment)
        {
            return TypedResults.Problem(title: "No payment was made for this dossier.", detail: $"Dossier {id} has no payment.", statusCode: StatusCodes.Status404NotFound);
        }

        if (payment.Status == PaymentStatus.Pending && await request.Gateway.GetPaymentAsync(payment.PaymentId, cancellationToken) is { Succeeded: true } now && now.Value.Status != PaymentStatus.Pending)
        {
            await SettleAsync(payment, now.Value.Status, now.Value.PaidAt, payments, request.Queries, request.Grains, Logger(request.Loggers), cancellationToken);
            payment = (await payments.FindAsync(payment.OrderId, cancellationToken))!;
        }

        return TypedResults.Ok(View(payment));
    }

    /// <summary>
    /// Takes a step on a dossier. A clerk's <see cref="DossierAction.ConfirmPayment"/> (fees paid in cash at the counter)
    /// settles the payment request only if no online order of it is paid: the gateway is asked about every pending
    /// order first (a paid one is recorded, and the cash refused with 409 naming <c>payment</c>; a gateway that cannot
    /// answer, 503), then the request's one settlement is claimed for cash, so an online payment arriving later is
    /// not confirmed but marked for refund. The claim is given back when the dossier refuses the step.
    /// </summary>
    internal static async Task<DossierResult> ActSettlingOnceAsync(IDossierGrain grain, DossierCommand command, DossierSummary dossier, HttpContext http)
    {
        if (command.Action != DossierAction.ConfirmPayment || dossier.Status != DossierStatus.PaymentRequested || command.ExpectedVersion != dossier.Version)
        {
            return await grain.ActAsync(command);
        }

        var services = http.RequestServices;
        var payments = services.GetRequiredService<PaymentStore>();
        var gateway = services.GetRequiredService<IPaymentGateway>();
        var logger = Logger(services.GetRequiredService<ILoggerFactory>());
        var cancellationToken = http.RequestAborted;
        foreach (var order in await payments.OfRequestAsync(dossier.Id, dossier.Version, cancellationToken))
        {
            var status = order.Status;
            if (status == PaymentStatus.Pending)
            {
                var now = await gateway.GetPaymentAsync(order.PaymentId, cancellationToken);
                if (!now.Succeeded && now.Failure.Code != VendorFailureCodes.NotFound)
                {
                    return DossierResult.Unavailable("payment",
                        $"The payment gateway cannot say now whether order {order.OrderId} was paid online; record the cash payment again in a moment.",
                        GatewayRetryAfter);
                }

                status = now.Succeeded ? now.Value.Status : PaymentStatus.Pending;
                if (now.Succeeded && status != PaymentStatus.Pending)
                {
                    await SettleAsync(order, status, now.Value.PaidAt, payments, services.GetRequiredService<DossierQueries>(), services.GetRequiredService<IGrainFactory>(), logger, cancellationToken);
                }
            }
            else if (status == PaymentStatus.Paid)
            {
                await SettleAsync(order, status, order.PaidAt, payments, services.GetRequiredService<DossierQueries>(), services.GetRequiredService<IGrainFactory>(), logger, cancellationToken);
            }

            if (status is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded)
            {
                return DossierResult.Conflict("payment", $"The fees were paid online (order {order.OrderId}); the cash payment is not recorded.");
            }
        }

        var mine = Guid.NewGuid();
        var holder = await payments.ClaimSettlementAsync(dossier.Id, dossier.Version, PaymentStore.Cash, null, mine, cancellationToken);
        if (holder.SettledBy != PaymentStore.Cash)
        {
            return DossierResult.Conflict("payment", $"The fees were paid online first (order {holder.OrderId}); the cash payment is not recorded.");
        }

        // Another clerk's cash claim: the dossier's grain lets one of the two steps through.
        var result = await grain.ActAsync(command);
        if (result.Dossier is null && holder.ClaimId == mine)
        {
            await payments.ReleaseSettlementAsync(dossier.Id, dossier.Version, mine, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Records a genuine outcome; a paid one confirms the payment on the dossier if it still waits for this payment.
    /// Idempotent: a replayed or late outcome finds the dossier moved on and records nothing. True when it recorded an event.
    /// </summary>
    internal static async Task<bool> SettleAsync(
        StoredPayment payment, PaymentStatus status, DateTimeOffset? paidAt, PaymentStore payments, DossierQueries queries, IGrainFactory grains, ILogger logger,
        CancellationToken cancellationToken)
    {
        await payments.SetStatusAsync(payment.OrderId, status, status == PaymentStatus.Paid ? paidAt ?? DateTimeOffset.UtcNow : null, cancellationToken);
        if (status != PaymentStatus.Paid)
        {
            return false;
        }

        var holder = await payments.ClaimSettlementAsync(payment.DossierId, payment.RequestedVersion, PaymentStore.Online, payment.OrderId, Guid.NewGuid(), cancellationToken);
        if (holder.SettledBy == PaymentStore.Cash
            && await queries.FindAsync(payment.DossierId, cancellationToken) is { Status: DossierStatus.PaymentRequested } waiting && waiting.Version == payment.RequestedVersion
            && await payments.ReleaseStaleCashClaimAsync(payment.DossierId, payment.RequestedVersion, CashStepTimeout, cancellationToken))
        {
            // A clerk's cash claim whose step never reached the dossier (its host stopped, or the step's outcome was never known).
            holder = await payments.ClaimSettlementAsync(payment.DossierId, payment.RequestedVersion, PaymentStore.Online, payment.OrderId, Guid.NewGuid(), cancellationToken);
        }

        if (holder.OrderId != payment.OrderId)
        {
            await payments.MarkRefundDueAsync(payment.OrderId, cancellationToken);
            LogRefundDue(logger, payment.OrderId, payment.AmountVnd, holder.OrderId ?? holder.SettledBy);
            return false;
        }

        if (await queries.FindAsync(payment.DossierId, cancellationToken) is not { Status: DossierStatus.PaymentRequested } dossier
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
        payment.ConfirmedVersion, payment.RefundDueAt);

    internal static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger("HanoiEgov.Modules.Dossiers.Payments");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} was paid online ({AmountVnd} đồng) after its payment request was settled by {SettledBy}; it is not confirmed and is marked for refund")]
    private static partial void LogRefundDue(ILogger logger, string orderId, long amountVnd, string settledBy);
}
