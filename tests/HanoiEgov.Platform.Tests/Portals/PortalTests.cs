using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using HanoiEgov.Platform.Tests.AppHost;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// What a browser test against the whole AppHost starts from: Debian's Chromium, the platform's API called as a
/// user (for the steps the test does not take in a page), both portals' addresses, and a page signed in as someone.
/// </summary>
public abstract class PortalTests(WholePlatformFixture platform) : IAsyncLifetime
{
    /// <summary>The smallest PDF the platform's upload checks accept: a document to attach where its content does not matter.</summary>
    protected static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private PortalBrowser? chromium;
    private WholePlatformCalls? calls;

    protected WholePlatformFixture Platform => platform;

    protected PortalBrowser Chromium => chromium ?? throw new InvalidOperationException("Chromium starts in InitializeAsync.");

    private protected WholePlatformCalls Calls => calls ?? throw new InvalidOperationException("The platform's client starts in InitializeAsync.");

    protected string CitizenPortal => platform.App.GetEndpoint("citizen-portal", "http").AbsoluteUri.TrimEnd('/');

    protected string BackOffice => platform.App.GetEndpoint("officials-portal", "http").AbsoluteUri.TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        chromium = await PortalBrowser.LaunchAsync();
        calls = new WholePlatformCalls(platform);
    }

    public async ValueTask DisposeAsync()
    {
        calls?.Dispose();
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A new person, at a desk or on a phone, who opens <paramref name="path"/> of the citizen portal and signs in as <paramref name="user"/> on the way.</summary>
    protected Task<IPage> CitizenAsync(string user, string path, bool phone = false) => SignedInAsync(CitizenPortal, user, path, phone);

    /// <summary>A new person, at a desk or on a phone, who opens <paramref name="path"/> of the back office and signs in as <paramref name="user"/> on the way.</summary>
    protected Task<IPage> OfficialAsync(string user, string path, bool phone = false) => SignedInAsync(BackOffice, user, path, phone);

    /// <summary>The page after the realm's login sent the browser back to the path asked for (its query may differ).</summary>
    private async Task<IPage> SignedInAsync(string portal, string user, string path, bool phone)
    {
        var page = await Chromium.NewPageAsync(phone);
        await page.GotoAsync($"{portal}{path}");
        await PortalBrowser.SignInAsync(page, user);
        await page.WaitForURLAsync(new Regex($"^{Regex.Escape(portal)}{Regex.Escape(path.Split('?')[0])}(\\?.*)?$"));
        return page;
    }
}
