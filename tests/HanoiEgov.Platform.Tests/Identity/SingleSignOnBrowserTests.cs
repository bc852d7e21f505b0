using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Portals;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>Single sign-on across the two portals in Debian's Chromium, against the whole AppHost.</summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class SingleSignOnBrowserTests(WholePlatformFixture platform) : PortalTests(platform)
{
    [Fact]
    public async Task Signing_in_at_one_portal_signs_in_at_the_other_and_signing_out_of_one_signs_out_of_both()
    {
        await using var session = await Chromium.Browser.NewContextAsync();
        var page = await session.NewPageAsync();

        await page.GotoAsync($"{CitizenPortal}/profile");
        await SignInAsync(page, "clerk.badinh");
        await page.WaitForURLAsync($"{CitizenPortal}/profile");
        Assert.Equal("clerk.badinh", await page.TextContentAsync("#profile-username"));

        await page.GotoAsync($"{BackOffice}/profile");
        await page.WaitForURLAsync($"{BackOffice}/profile");
        Assert.Equal(0, await page.Locator("#kc-form-login").CountAsync());
        Assert.Equal("00004", await page.TextContentAsync("#profile-agency"));
        Assert.Contains("one-stop-clerk", await page.TextContentAsync("#profile-roles"), StringComparison.Ordinal);

        await page.GotoAsync($"{CitizenPortal}/profile");
        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync($"{CitizenPortal}/");

        await page.GotoAsync($"{BackOffice}/profile");
        await page.WaitForSelectorAsync("#kc-form-login");
        Assert.Equal(0, await page.Locator("#profile-username").CountAsync());
    }

    [Fact]
    public async Task A_clerk_is_shown_a_403_page_for_a_page_meant_for_heads()
    {
        await using var session = await Chromium.Browser.NewContextAsync();
        var page = await session.NewPageAsync();
        await page.GotoAsync($"{BackOffice}/profile");
        await SignInAsync(page, "clerk.hoankiem");
        await page.WaitForURLAsync($"{BackOffice}/profile");

        var response = await page.GotoAsync($"{BackOffice}/heads");

        Assert.Equal(403, response!.Status);
        Assert.NotNull(await page.QuerySelectorAsync("#forbidden-title"));
    }

    [Fact]
    public async Task A_head_sees_the_heads_page_and_the_API_answers_with_their_token()
    {
        await using var session = await Chromium.Browser.NewContextAsync();
        var page = await session.NewPageAsync();
        await page.GotoAsync($"{BackOffice}/heads");
        await SignInAsync(page, "head.hoankiem");
        await page.WaitForURLAsync($"{BackOffice}/heads");
        Assert.NotNull(await page.QuerySelectorAsync("#heads-title"));

        await page.GotoAsync($"{BackOffice}/call-api");

        Assert.Equal("200", await page.TextContentAsync("#api-status"));
        Assert.Contains("\"agency\":\"00070\"", await page.TextContentAsync("#api-answer"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_page_is_Vietnamese_with_an_English_switch_and_a_wrong_password_does_not_say_which_part_was_wrong()
    {
        await using var session = await Chromium.Browser.NewContextAsync();
        var page = await session.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/profile");
        await page.WaitForSelectorAsync("#kc-form-login");
        Assert.Equal("Đăng nhập", await page.TextContentAsync("h1"));

        await page.ClickAsync("#locale-switch");
        await page.WaitForSelectorAsync("#kc-form-login");
        Assert.Equal("Sign in", await page.TextContentAsync("h1"));

        await page.FillAsync("#username", "nguyen.van.an");
        await page.FillAsync("#password", "wrong");
        await page.ClickAsync("#kc-login");
        var wrongPassword = await page.TextContentAsync("#input-error");
        await page.FillAsync("#username", "no.such.user");
        await page.FillAsync("#password", "wrong");
        await page.ClickAsync("#kc-login");
        var unknownUser = await page.TextContentAsync("#input-error");

        Assert.Equal("Invalid username or password.", wrongPassword);
        Assert.Equal(wrongPassword, unknownUser);
    }

    private static async Task SignInAsync(IPage page, string username)
    {
        await page.WaitForSelectorAsync("#kc-form-login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", "Demo@2026");
        await page.ClickAsync("#kc-login");
    }
}
