using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// The citizen portal as its own process whose platform API address is a port nobody listens on: what a citizen sees
/// while the platform is down.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class PlatformOutageTests(LocalServersFixture servers) : IAsyncLifetime
{
    private PortalBrowser? browser;
    private ServerProcess? portal;
    private Uri? address;

    public async ValueTask InitializeAsync()
    {
        var projectDirectory = Path.Combine(TestRealm.RepositoryRoot, "apps", "CitizenPortal");
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        portal = ServerProcess.Start(
            "citizen-portal",
            ("dotnet", [Path.Combine(projectDirectory, "bin", configuration, "net10.0", "HanoiEgov.CitizenPortal.dll")]),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = address.ToString(),
                ["ASPNETCORE_CONTENTROOT"] = projectDirectory,
                ["services__platform__http__0"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["Keycloak__realm"] = TestRealm.Realm,
                ["Keycloak__auth-server-url"] = servers.Identity.BaseAddress.AbsoluteUri,
                ["Keycloak__resource"] = "citizen-portal",
                ["Keycloak__ssl-required"] = "external",
                ["Keycloak__credentials__secret"] = TestRealm.SecretOf("citizen-portal"),
            });
        using var http = new HttpClient { BaseAddress = address };
        await Eventually.HealthyAsync(http, TimeSpan.FromSeconds(60));
        browser = await PortalBrowser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        portal?.Dispose();
    }

    [Fact]
    public async Task A_search_while_the_platform_is_down_shows_a_Vietnamese_page_whose_retry_asks_for_the_same_search()
    {
        var page = await browser!.NewPageAsync();

        var response = await page.GotoAsync($"{address}procedures?q=thuong+tru");

        Assert.Equal(503, response!.Status);
        Assert.NotNull(await response.HeaderValueAsync("retry-after"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hệ thống đang tạm gián đoạn" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Thử lại" })).ToHaveAttributeAsync("href", "/procedures?q=thuong+tru");
        Assert.DoesNotMatch(StackFrame(), await page.ContentAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-platform-down");
    }

    [Fact]
    public async Task A_lookup_while_the_platform_is_down_says_so_next_to_the_form_and_keeps_what_was_typed()
    {
        var page = await browser!.NewPageAsync();
        await page.GotoAsync($"{address}track");

        await page.GetByLabel("Mã hồ sơ").FillAsync("00004-261201-0001");
        await page.GetByLabel("4 số cuối").FillAsync("2345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tạm gián đoạn");
        await Assertions.Expect(page.GetByLabel("Mã hồ sơ")).ToHaveValueAsync("00004-261201-0001");
        await Assertions.Expect(page.GetByLabel("4 số cuối")).ToHaveValueAsync("2345");
        await PortalBrowser.AssertAccessibleAsync(page);
    }

    [GeneratedRegex(@"\bat [A-Z][\w.]+\(|Exception:")]
    private static partial Regex StackFrame();
}
