using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using HanoiEgov.Modules.Dossiers.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>Where a dossier stands, for anyone holding its code and the applicant's digits: nothing personal.</summary>
/// <param name="Status">The national status code, 1 to 10.</param>
/// <param name="Deadline"><c>on-time</c>, <c>near-due</c> or <c>overdue</c> as the worklist marks it; <c>closed</c> once processed or ended.</param>
/// <param name="Agency">The handling agency's code.</param>
internal sealed record DossierLookup(string Code, string ProcedureCode, int Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, string Agency);

/// <summary>
/// The public lookup by dossier code, proven by the last four digits of the applicant's personal ID (CCCD). Guessing
/// the digits is bounded per code (from any number of addresses) and per client address.
/// </summary>
internal static partial class LookupApi
{
    /// <summary>The endpoint's rate-limiting policy, partitioned by the requested code.</summary>
    public const string PerCodePolicy = "dossier-lookup-per-code";

    private static readonly TimeSpan CodeWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapLookupApi(this IEndpointRouteBuilder endpoints)
    {
        var lookup = endpoints.MapGroup("/api/dossiers/lookup").WithTags("Dossier lookup").AllowAnonymous();
        lookup.MapGet("/", Lookup).RequireRateLimiting(PerCodePolicy).WithName("LookUpDossier")
            .WithSummary("Where a dossier stands, by its code and the last 4 digits of the applicant's personal ID; nothing personal is answered.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    /// <summary>
    /// The lookup's two limits: <c>Dossiers:Lookup:PerCodePer15Minutes</c> (default 10) per requested code, the
    /// endpoint's policy, and <c>Dossiers:Lookup:PerAddressPerMinute</c> (default 30) per client address, a global
    /// limiter that applies to the endpoints of that policy only. A refusal is a 429 problem with <c>Retry-After</c>.
    /// </summary>
    public static IServiceCollection AddLookupRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perCode = configuration.GetValue("Dossiers:Lookup:PerCodePer15Minutes", 10);
        var perAddress = configuration.GetValue("Dossiers:Lookup:PerAddressPerMinute", 30);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PerCodePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Query["code"].ToString(), _ => Window(perCode, CodeWindow)));
            // An endpoint names one policy; the per-address limit rides as the global limiter on the same endpoints.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PerCodePolicy
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Window(perAddress, AddressWindow))
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = RefusedAsync;
        });
    }

    internal static async Task<Results<Ok<DossierLookup>, ProblemHttpResult, ValidationProblem>> Lookup(
        [FromQuery] string? code, [FromQuery] string? digits, DossierQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (code is null || !DossierCode().IsMatch(code))
        {
            errors["code"] = ["Must be a dossier code: the agency, the day and the number, e.g. 00004-261201-0001."];
        }

        if (digits is null || !FourDigits().IsMatch(digits))
        {
            errors["digits"] = ["Must be the last 4 digits of the applicant's personal ID (CCCD)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The lookup is invalid.");
        }

        // An unknown code and wrong digits answer alike, so the answer never tells which was wrong.
        return await queries.FindByCodeAsync(code!, cancellationToken) is { } dossier && ProvenBy(dossier.ApplicantId, digits!)
            ? TypedResults.Ok(new DossierLookup(dossier.Code, dossier.ProcedureCode, dossier.StatusCode, dossier.ReceivedAt, dossier.DueAt, dossier.Deadline, dossier.Agency))
            : TypedResults.Problem(
                title: "No dossier matches this code and these digits.", detail: "Check the code on the receipt and the last 4 digits of the applicant's personal ID.",
                statusCode: StatusCodes.Status404NotFound);
    }

    private static bool ProvenBy(string applicantId, string digits) =>
        applicantId.Length >= digits.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(applicantId[^digits.Length..]), Encoding.ASCII.GetBytes(digits));

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RefusedAsync(OnRejectedContext refused, CancellationToken cancellationToken)
    {
        var wait = refused.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : AddressWindow;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        refused.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                title: "Too many lookups.", detail: $"Try again in {seconds} seconds.", statusCode: StatusCodes.Status429TooManyRequests,
                extensions: new Dictionary<string, object?> { ["field"] = "code" })
            .ExecuteAsync(refused.HttpContext);
    }

    [GeneratedRegex(@"^[0-9A-Za-z.]{1,32}-[0-9]{6}-[0-9]{4}$")]
    private static partial Regex DossierCode();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}
