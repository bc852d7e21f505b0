using System.Globalization;
using System.Threading.RateLimiting;

namespace HanoiEgov.CitizenPortal;

internal static class Extensions
{
    public const string LookupLimit = "lookup";

    public static WebApplicationBuilder AddCitizenPortal(this WebApplicationBuilder builder)
    {
        // Anyone may look a dossier up by its code; each address may try only so often (the platform also limits per code).
        var perMinute = builder.Configuration.GetValue("CitizenPortal:LookupsPerMinute", 10);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LookupLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture)
                    : "60";
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    public static WebApplication UseCitizenPortal(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
