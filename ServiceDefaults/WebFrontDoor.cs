using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every web host of the platform does first with a request: trust forwarded headers only from known proxies,
/// accept only its configured host names outside Development, send HSTS over HTTPS outside Development, and put the
/// security headers on every response (a content security policy with <c>frame-ancestors 'none'</c> on every HTML one).
/// </summary>
public static class WebFrontDoor
{
    /// <summary>Extra origins a page's forms may post to (e.g. the realm, whose end-session endpoint a sign-out form reaches).</summary>
    public const string FormActionSetting = "SecurityHeaders:FormActionOrigins";

    /// <summary>
    /// The policy of HTML pages: only the host's own scripts, styles and images (plus data: images), no plug-ins, no
    /// framing by any site, forms posted only to the host itself and the configured origins.
    /// </summary>
    /// <param name="scriptSources">More script sources, e.g. the hash of an inline script a library writes.</param>
    public static string ContentSecurityPolicy(IEnumerable<string> formActionOrigins, params IEnumerable<string> scriptSources) =>
        $"default-src 'self'; script-src {string.Join(' ', ["'self'", .. scriptSources])}; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
        + $"form-action {string.Join(' ', ["'self'", .. formActionOrigins])}";

    /// <param name="exempt">Paths whose HTML brings its own scripts (e.g. the Development API reference); they get every header but the policy.</param>
    public static WebApplication UseWebFrontDoor(this WebApplication app, params string[] exempt)
    {
        if (!app.Environment.IsDevelopment())
        {
            RequireAllowedHosts(app.Configuration);
        }

        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app.UseSecurityHeaders(ContentSecurityPolicy(FormActionOrigins(app.Configuration)), exempt);
    }

    /// <summary>
    /// The security headers alone, for a host that is no portal (the identity server): nosniff and Referrer-Policy on
    /// every response, <paramref name="policy"/> and <c>X-Frame-Options: DENY</c> on every HTML one.
    /// </summary>
    /// <param name="exempt">Paths whose HTML brings its own scripts; they get every header but the policy.</param>
    public static WebApplication UseSecurityHeaders(this WebApplication app, string policy, params string[] exempt)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                    && !exempt.Any(path => context.Request.Path.StartsWithSegments(path)))
                {
                    headers.ContentSecurityPolicy = policy;
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The origins of <see cref="FormActionSetting"/> (comma-separated or a list) and of the realm's server.</summary>
    private static IEnumerable<string> FormActionOrigins(IConfiguration configuration)
    {
        var listed = configuration.GetSection(FormActionSetting).Get<string[]>()
            ?? configuration[FormActionSetting]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? [];
        var realm = configuration[$"{HanoiEgov.ServiceDefaults.Authentication.KeycloakSettings.Section}:auth-server-url"];
        return listed.Append(realm).OfType<string>()
            .Select(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Outside Development the host names a service answers to are configuration: <c>*</c> would let any Host header
    /// through, and with it links and redirects built from it.
    /// </summary>
    private static void RequireAllowedHosts(IConfiguration configuration)
    {
        var hosts = configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (hosts.Length == 0 || hosts.Contains("*"))
        {
            throw new InvalidOperationException(
                "AllowedHosts must name the host names this service answers to outside Development (e.g. 'dichvucong.hanoi.gov.vn;localhost'), not '*' or nothing.");
        }
    }
}
