using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// Debian's Chromium driven by Playwright, as a person uses the portals: pages found by role and label, checked with
/// axe-core against WCAG 2.1 AA, and pictured (PNG files under artifacts/screenshots) to be looked at.
/// </summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(Support.TestRealm.RepositoryRoot, "artifacts", "screenshots");
    private readonly IPlaywright playwright;

    private PortalBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<PortalBrowser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"These tests drive Debian's Chromium at {Chromium}: run ./test.sh, which installs it (apt-get install -y chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new PortalBrowser(playwright, browser);
    }

    /// <summary>
    /// The order a date field's parts are typed in: the browser's own language sets it (a page's locale does not), so
    /// a blank page without one asks it, e.g. ["month", "day", "year"].
    /// </summary>
    private async Task<string[]> DateFieldOrderAsync()
    {
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        return await page.EvaluateAsync<string[]>(
            "() => new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2000, 10, 22)).filter(p => p.type !== 'literal').map(p => p.type)");
    }

    /// <summary>Tabs to the date input <paramref name="input"/> and types <paramref name="day"/> in the order its parts take in this browser.</summary>
    public async Task TypeDateAsync(IPage page, string input, DateOnly day)
    {
        var order = await DateFieldOrderAsync();
        await TabToAsync(page, input);
        await page.Keyboard.TypeAsync(string.Concat(order.Select(part => part switch
        {
            "day" => day.ToString("dd", CultureInfo.InvariantCulture),
            "month" => day.ToString("MM", CultureInfo.InvariantCulture),
            _ => day.ToString("yyyy", CultureInfo.InvariantCulture),
        })));
        Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await page.Locator(input).InputValueAsync());
    }

    /// <summary>A new person at a desk (1280 px) or on a phone (375 × 812).</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 812 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
            AcceptDownloads = true,
        });
        // 60 s, not 30: on CI's two cores, shared with the integration collections running alongside, two fresh-clone
        // runs of 1,209 tests each saw one navigation (a different one each time) pass 30 s; alone, both take seconds.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Fills the realm's login page (it appears only when no SSO session exists yet).</summary>
    public static async Task SignInAsync(IPage page, string username)
    {
        await page.GetByLabel("Tên đăng nhập").Or(page.GetByLabel("Username or email")).Or(page.Locator("#username")).First.FillAsync(username);
        await page.Locator("#password").FillAsync("Demo@2026");
        await page.Locator("#kc-login").ClickAsync();
    }

    /// <summary>axe-core finds no WCAG 2.0/2.1 A or AA violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0,
            $"{page.Url}: " + string.Join("; ", result.Violations.Select(violation =>
                $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => string.Join(" ", node.Target)))}")));
    }

    /// <summary>Nothing on the page is wider than the window: no sideways scrolling on a phone.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{page.Url} is {scroll} px wide in a {client} px window.");
    }

    /// <summary>Opens <paramref name="url"/>, fails unless it fits the window without sideways scroll and passes axe, and keeps its picture.</summary>
    public static async Task AssertFitsAndAccessibleAsync(IPage page, string url, string screenshot)
    {
        await page.GotoAsync(url);
        await AssertNoHorizontalScrollAsync(page);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, screenshot);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        await File.WriteAllTextAsync(Path.Combine(Screenshots, $"{name}.html"), await page.ContentAsync());
    }

    /// <summary>The text of an element, trimmed.</summary>
    public static async Task<string> TextAsync(ILocator locator) => (await locator.TextContentAsync())?.Trim() ?? "";

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus, as a keyboard user would.</summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector} on {page.Url}.");
    }

    /// <summary>Clicks a download link and returns what the browser saved.</summary>
    public static async Task<byte[]> DownloadAsync(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
