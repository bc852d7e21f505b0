using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>The identity server's own pages carry the portals' security headers, and the policy still lets a sign-in finish.</summary>
[Trait("Category", "Integration")]
public sealed partial class IdentityPageHeadersTests(LocalServersFixture servers)
{
    private const string Client = "citizen-portal";

    // The portals' clients require PKCE; the verifier is never redeemed here.
    private static readonly string Challenge =
        Convert.ToBase64String(SHA256.HashData("a-verifier-of-forty-three-characters-or-more"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task The_login_page_forbids_framing_sniffing_and_foreign_scripts_and_styles_and_takes_its_style_from_the_server()
    {
        using var browser = RealmTokens.Browser();
        var login = await RealmTokens.FollowAsync(browser, servers.Tokens.AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), Challenge));

        using var page = await browser.GetAsync(login, TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        var stylesheet = Stylesheet().Match(html);
        Assert.True(stylesheet.Success, html);
        using var css = await browser.GetAsync(new Uri(login, stylesheet.Groups[1].Value), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_logout_confirmation_carries_the_same_headers_and_its_form_may_return_to_the_portals()
    {
        using var browser = RealmTokens.Browser();
        await servers.Tokens.AuthorizeAsync(browser, "nguyen.van.an", Client);

        using var page = await browser.GetAsync($"{servers.Identity.Issuer}/protocol/openid-connect/logout", TestContext.Current.CancellationToken);

        Assert.Contains("kc-logout-form", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var policy = AssertSecurityHeaders(page);
        var formAction = Directive(policy, "form-action");
        Assert.Contains("'self'", formAction);
        Assert.Contains(new Uri(TestRealm.Variables["CITIZEN_PORTAL_URL"]).GetLeftPart(UriPartial.Authority), formAction);
        Assert.Contains(new Uri(TestRealm.Variables["OFFICIALS_PORTAL_URL"]).GetLeftPart(UriPartial.Authority), formAction);
    }

    [Fact]
    public async Task A_form_post_authorization_response_may_run_its_one_inline_script_and_post_to_the_portal_and_nothing_else()
    {
        using var browser = RealmTokens.Browser();
        await servers.Tokens.AuthorizeAsync(browser, "nguyen.van.an", Client);

        using var response = await browser.GetAsync(
            servers.Tokens.AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), Challenge) + "&response_mode=form_post&nonce=n1", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = AssertSecurityHeaders(response);
        var script = InlineScript().Match(html);
        Assert.True(script.Success, html);
        var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[1].Value)))}'";
        Assert.Equal(["'self'", hash], Directive(policy, "script-src"));
        var action = new Uri(WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value));
        Assert.Contains(action.GetLeftPart(UriPartial.Authority), Directive(policy, "form-action"));
    }

    private static string AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(["'none'"], Directive(policy, "frame-ancestors"));
        Assert.Equal(["'self'"], Directive(policy, "style-src"));
        Assert.Equal(["'none'"], Directive(policy, "object-src"));
        return policy;
    }

    private static string[] Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(parts => parts[0] == name)[1..];

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\">")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<form name=\"form\" method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();
}
