using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore.RateLimiting;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>
/// How many login attempts one client address may make per window (<c>LoginRateLimit</c> section). The realm's brute-force
/// lockout counts per account; this counts per address, so a password spray across many accounts is slowed too.
/// </summary>
internal sealed record LoginRateLimitOptions
{
    public int PermitLimit { get; init; } = 20;

    public int WindowSeconds { get; init; } = 60;
}

internal static class LoginRateLimit
{
    public const string Policy = "login-per-address";

    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("LoginRateLimit").Get<LoginRateLimitOptions>() ?? new LoginRateLimitOptions();
        if (options.PermitLimit < 1 || options.WindowSeconds < 1)
        {
            throw new InvalidOperationException("LoginRateLimit:PermitLimit and LoginRateLimit:WindowSeconds must be at least 1.");
        }

        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                AddressOf(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = TimeSpan.FromSeconds(options.WindowSeconds), QueueLimit = 0 }));
            limiter.OnRejected = (context, _) => RejectAsync(context, options);
        });
    }

    /// <summary>The partition of an address: IPv4 as it is, IPv6 by its /64, since one subscriber holds a whole /64.</summary>
    internal static string AddressOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, LoginRateLimitOptions options)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
            : options.WindowSeconds;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many sign-in attempts from this address; try again in {seconds} seconds.";
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Content(Page(http, seconds), "text/html; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            return;
        }

        await Results.Problem(
            title: "Too many sign-in attempts.",
            detail: detail,
            statusCode: StatusCodes.Status429TooManyRequests,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds }).ExecuteAsync(http);
    }

    private static string Page(HttpContext http, int seconds)
    {
        var realm = http.RequestServices.GetRequiredService<KeycloakRealm>();
        var english = LoginPage.Locale(http, realm) == "en";
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        var title = english ? "Too many sign-in attempts" : "Đăng nhập quá nhiều lần";
        var message = english
            ? $"Too many sign-in attempts came from your address. Try again in {seconds} seconds."
            : $"Có quá nhiều lần đăng nhập từ địa chỉ của bạn. Vui lòng thử lại sau {seconds} giây.";
        return $$"""
            <!DOCTYPE html>
            <html lang="{{(english ? "en" : "vi")}}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{html.Encode(title)}}</title>{{PageSecurity.StylesheetLink(http.RequestServices.GetRequiredService<RealmPaths>())}}</head>
            <body><main id="kc-error-message"><h1>{{html.Encode(title)}}</h1><p class="instruction" role="alert">{{html.Encode(message)}}</p></main></body>
            </html>
            """;
    }
}
