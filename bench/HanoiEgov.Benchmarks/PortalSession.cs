using System.Net;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// A user signed in to a portal as a browser signs in, without one: the portal's challenge, the realm's login form,
/// the authorization response the realm posts back to the portal (<c>form_post</c>), then the portal's session
/// cookie. Requests go one after another, so one keep-alive connection carries them all.
/// </summary>
internal sealed partial class PortalSession : IDisposable
{
    private readonly HttpClient http;

    private PortalSession(HttpClient http) => this.http = http;

    public static async Task<PortalSession> SignInAsync(Uri portal, string username)
    {
        var http = new HttpClient(new LoopbackCookies(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })) { BaseAddress = portal };
        var (login, page) = await FollowAsync(http, new HttpRequestMessage(HttpMethod.Get, "/signin?returnUrl=%2Fprofile"));
        using var posted = await RealmTokens.PostLoginAsync(http, login, page, username, TestRealm.DemoPassword);
        if (posted.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login as {username} failed: {(int)posted.StatusCode}");
        }

        var (at, body) = await FollowAsync(http, new HttpRequestMessage(HttpMethod.Get, new Uri(login, posted.Headers.Location!)));
        if (SelfPostingForm().Match(body) is { Success: true } form)
        {
            var fields = HiddenInput().Matches(body).ToDictionary(input => input.Groups[1].Value, input => WebUtility.HtmlDecode(input.Groups[2].Value));
            (at, body) = await FollowAsync(http, new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(form.Groups[1].Value)) { Content = new FormUrlEncodedContent(fields) });
        }

        if (at.AbsolutePath != "/profile" || !body.Contains(username, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing {username} in to {portal} ended at {at}, not on the profile page.");
        }

        return new PortalSession(http);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path, HttpCompletionOption.ResponseContentRead);

    public void Dispose() => http.Dispose();

    private static async Task<(Uri At, string Body)> FollowAsync(HttpClient http, HttpRequestMessage request)
    {
        var next = request;
        for (var hop = 0; hop < 10; hop++)
        {
            using var sent = next;
            var at = sent.RequestUri!.IsAbsoluteUri ? sent.RequestUri : new Uri(http.BaseAddress!, sent.RequestUri);
            using var response = await http.SendAsync(sent);
            if ((int)response.StatusCode is < 300 or > 399)
            {
                return (at, await response.Content.ReadAsStringAsync());
            }

            next = new HttpRequestMessage(HttpMethod.Get, new Uri(at, response.Headers.Location!));
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*action=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex SelfPostingForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}

/// <summary>
/// A browser's cookie jar for loopback servers: browsers treat <c>http://localhost</c> as a secure context and send
/// it cookies marked <c>Secure</c> (the sign-in's correlation and nonce cookies), which <see cref="CookieContainer"/>
/// keeps for HTTPS only.
/// </summary>
internal sealed class LoopbackCookies(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly CookieContainer jar = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttps }.Uri;
        if (jar.GetCookieHeader(origin) is { Length: > 0 } cookies)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                jar.SetCookies(origin, cookie);
            }
        }

        return response;
    }
}
