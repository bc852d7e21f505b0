using HanoiEgov.VendorSandbox.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

internal sealed record PendingRequest(string TransactionId, string Description, int Documents, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

internal sealed record PhoneAnswer(string TransactionId, string Status);

/// <remarks>
/// The LGSP settings may be left out of a PUT: a delay not given keeps its value, a system not said down is up.
/// </remarks>
internal sealed record SandboxSettings(
    AutoConfirm AutoConfirm, TimeSpan ConfirmDelay, TimeSpan TransactionLifetime, TimeSpan Latency, TimeSpan SmsDeliveryDelay, bool Outage = false,
    bool ResidenceDown = false, bool InsuranceDown = false, TimeSpan? ResidenceDecisionDelay = null, TimeSpan? InsuranceDecisionDelay = null,
    bool IdentityCardDown = false, TimeSpan? IdentityCardDecisionDelay = null);

/// <summary>
/// The sandbox's own test hooks (no vendor has them): the signer's phone, which lists and answers signing requests,
/// and the behaviour settings (automated phone, expiry, latency). Anyone who reaches the sandbox may call them.
/// </summary>
internal static class PhoneApi
{
    private static readonly string[] NotNegative = ["Cannot be negative."];

    public static void MapPhoneApi(this IEndpointRouteBuilder app, SandboxFaces faces)
    {
        foreach (var face in faces.Names)
        {
            var phone = app.MapGroup($"/{face}/sandbox/phone").WithTags($"{face} sandbox phone").AllowAnonymous();
            phone.MapGet("/{personalId}", (string personalId, SigningDesk desk) => Pending(face, personalId, desk));
            phone.MapPost("/transactions/{transactionId}/confirm", (string transactionId, SigningDesk desk) => Answer(face, transactionId, SigningStatus.Completed, desk));
            phone.MapPost("/transactions/{transactionId}/reject", (string transactionId, SigningDesk desk) => Answer(face, transactionId, SigningStatus.Rejected, desk));
            phone.MapPost("/transactions/{transactionId}/expire", (string transactionId, SigningDesk desk) => Answer(face, transactionId, SigningStatus.Expired, desk));
        }

        var settings = app.MapGroup("/sandbox/settings").WithTags("sandbox settings").AllowAnonymous();
        settings.MapGet("/", GetSettings);
        settings.MapPut("/", PutSettings);
    }

    private static Ok<List<PendingRequest>> Pending(string face, string personalId, SigningDesk desk) =>
        TypedResults.Ok(desk.PendingFor(face, personalId)
            .Select(transaction => new PendingRequest(transaction.Id, transaction.Description, transaction.Hashes.Count, transaction.CreatedAt, transaction.ExpiresAt))
            .ToList());

    private static Results<Ok<PhoneAnswer>, ProblemHttpResult, Conflict<PhoneAnswer>> Answer(string face, string transactionId, SigningStatus outcome, SigningDesk desk)
    {
        if (desk.Find(face, transactionId) is not { } transaction)
        {
            return TypedResults.Problem($"No signing request '{transactionId}' at {face}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown transaction");
        }

        return desk.Answer(transaction, outcome)
            ? TypedResults.Ok(new PhoneAnswer(transaction.Id, transaction.Status.ToString()))
            : TypedResults.Conflict(new PhoneAnswer(transaction.Id, transaction.Status.ToString()));
    }

    private static Ok<SandboxSettings> GetSettings(SandboxOptions options) => TypedResults.Ok(Current(options));

    private static Results<Ok<SandboxSettings>, ValidationProblem> PutSettings(SandboxSettings settings, SandboxOptions options)
    {
        if (settings.TransactionLifetime <= TimeSpan.Zero)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["transactionLifetime"] = ["Must be longer than zero."] });
        }

        var negative = new[]
            {
                ("confirmDelay", settings.ConfirmDelay), ("latency", settings.Latency), ("smsDeliveryDelay", settings.SmsDeliveryDelay),
                ("residenceDecisionDelay", settings.ResidenceDecisionDelay ?? TimeSpan.Zero), ("insuranceDecisionDelay", settings.InsuranceDecisionDelay ?? TimeSpan.Zero),
                ("identityCardDecisionDelay", settings.IdentityCardDecisionDelay ?? TimeSpan.Zero),
            }
            .Where(delay => delay.Item2 < TimeSpan.Zero)
            .ToDictionary(delay => delay.Item1, _ => NotNegative);
        if (negative.Count > 0)
        {
            return TypedResults.ValidationProblem(negative);
        }

        options.Signing = new SigningBehaviour
        {
            AutoConfirm = settings.AutoConfirm,
            ConfirmDelay = settings.ConfirmDelay,
            TransactionLifetime = settings.TransactionLifetime,
        };
        options.Latency = settings.Latency;
        options.SmsDeliveryDelay = settings.SmsDeliveryDelay;
        options.Outage = settings.Outage;
        options.Lgsp.ResidenceDown = settings.ResidenceDown;
        options.Lgsp.InsuranceDown = settings.InsuranceDown;
        options.Lgsp.ResidenceDecisionDelay = settings.ResidenceDecisionDelay ?? options.Lgsp.ResidenceDecisionDelay;
        options.Lgsp.InsuranceDecisionDelay = settings.InsuranceDecisionDelay ?? options.Lgsp.InsuranceDecisionDelay;
        options.Lgsp.IdentityCardDown = settings.IdentityCardDown;
        options.Lgsp.IdentityCardDecisionDelay = settings.IdentityCardDecisionDelay ?? options.Lgsp.IdentityCardDecisionDelay;
        return TypedResults.Ok(Current(options));
    }

    private static SandboxSettings Current(SandboxOptions options) => new(
        options.Signing.AutoConfirm, options.Signing.ConfirmDelay, options.Signing.TransactionLifetime, options.Latency, options.SmsDeliveryDelay, options.Outage,
        options.Lgsp.ResidenceDown, options.Lgsp.InsuranceDown, options.Lgsp.ResidenceDecisionDelay, options.Lgsp.InsuranceDecisionDelay,
        options.Lgsp.IdentityCardDown, options.Lgsp.IdentityCardDecisionDelay);
}
