using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>
/// The doors of the dossiers module that a script could hammer, each with ASP.NET Core's rate limiter: the public
/// lookup per requested code and per client address, submissions (online and at the counter) and uploads per
/// signed-in user. A refusal is a 429 problem with <c>Retry-After</c>. Limits are per replica: with N replicas behind
/// the load balancer a caller may get up to N times the figure.
/// </summary>
internal static class DossierRateLimits
{
    /// <summary>The lookup's policy, partitioned by the requested code; its per-address limit rides as the global limiter.</summary>
    public const string LookupPerCode = "dossier-lookup-per-code";

    /// <summary>Online submissions and counter registrations, partitioned by the signed-in user.</summary>
    public const string Submissions = "dossier-submissions";

    /// <summary>Document and result uploads, partitioned by the signed-in user.</summary>
    public const string Uploads = "dossier-uploads";

    private static readonly TimeSpan CodeWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan UserWindow = TimeSpan.FromMinutes(10);

    /// <summary>What a refusal says, per policy; the field is where a page shows it.</summary>
    private static readonly Dictionary<string, (string Title, string? Field)> Refusals = new(StringComparer.Ordinal)
    {
        [LookupPerCode] = ("Too many lookups.", "code"),
        [Submissions] = ("Too many submissions.", null),
        [Uploads] = ("Too many uploads.", "file"),
    };

    /// <summary>
    /// <c>Dossiers:Lookup:PerCodePer15Minutes</c> (default 10), <c>Dossiers:Lookup:PerAddressPerMinute</c> (default 30),
    /// <c>Dossiers:Submissions:PerUserPer10Minutes</c> (default 30) and <c>Dossiers:Uploads:PerUserPer10Minutes</c> (default 120).
    /// </summary>
    public static IServiceCollection AddDossierRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perCode = configuration.GetValue("Dossiers:Lookup:PerCodePer15Minutes", 10);
        var perAddress = configuration.GetValue("Dossiers:Lookup:PerAddressPerMinute", 30);
        var submissions = configuration.GetValue("Dossiers:Submissions:PerUserPer10Minutes", 30);
        var uploads = configuration.GetValue("Dossiers:Uploads:PerUserPer10Minutes", 120);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LookupPerCode, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Query["code"].ToString(), _ => Window(perCode, CodeWindow)));
            options.AddPolicy(Submissions, http => RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => Window(submissions, UserWindow)));
            options.AddPolicy(Uploads, http => RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => Window(uploads, UserWindow)));
            // An endpoint names one policy; the lookup's per-address limit rides as the global limiter on its endpoints only.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                PolicyOf(http) == LookupPerCode
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Window(perAddress, AddressWindow))
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = RefusedAsync;
        });
    }

    /// <summary>The signed-in user (their subject), or the client address of a call that has none.</summary>
    private static string CallerOf(HttpContext http) =>
        http.User.FindFirstValue("sub") is { Length: > 0 } subject
            ? $"user:{subject}"
            : $"address:{http.Connection.RemoteIpAddress}";

    private static string? PolicyOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RefusedAsync(OnRejectedContext refused, CancellationToken cancellationToken)
    {
        var wait = refused.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : AddressWindow;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var (title, field) = Refusals.GetValueOrDefault(PolicyOf(refused.HttpContext) ?? "", ("Too many requests.", null));
        refused.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                title: title, detail: $"Try again in {seconds} seconds.", statusCode: StatusCodes.Status429TooManyRequests,
                extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field })
            .ExecuteAsync(refused.HttpContext);
    }
}
