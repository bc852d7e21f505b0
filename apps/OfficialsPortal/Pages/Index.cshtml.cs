using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>A count on the home page and the worklist it opens.</summary>
internal sealed record Glance(string Id, string Text, long? Count, string Href, string Tone);

/// <summary>The agency's day at a glance: what is new, near due, overdue, waiting for a signature, and assigned to the official.</summary>
[AllowAnonymous]
internal sealed class HomeModel(PlatformApi api, Catalogue catalogue) : PageModel
{
    public IReadOnlyList<Glance> Glances { get; private set; } = [];

    public string? AgencyName { get; private set; }

    public async Task OnGetAsync()
    {
        if (!User.IsInRole(PlatformRoles.Official) || BackOffice.AgencyOf(User) is not { Length: > 0 } agency)
        {
            return;
        }

        AgencyName = await catalogue.AgencyNameAsync(agency);
        Glances =
        [
            await GlanceAsync(agency, "new", Words.L("Hồ sơ mới nộp trực tuyến, chờ tiếp nhận", "New online submissions to accept"), "status=1", "info"),
            await GlanceAsync(agency, "near-due", Words.L("Sắp đến hạn (trong 24 giờ)", "Due within 24 hours"), "deadline=near-due", "warn"),
            await GlanceAsync(agency, "overdue", Words.L("Quá hạn", "Overdue"), "deadline=overdue", "bad"),
            await GlanceAsync(agency, "signing", Words.L("Chờ ký số kết quả", "Waiting for a signature"), "signing=pending", "warn"),
            await GlanceAsync(agency, "mine", Words.L("Được giao cho tôi", "Assigned to me"), "assignee=me", "info"),
            await GlanceAsync(agency, "processed", Words.L("Đã giải quyết, chờ trả kết quả", "Processed, to return"), "status=9", "ok"),
        ];
    }

    private async Task<Glance> GlanceAsync(string agency, string id, string text, string filter, string tone)
    {
        var counted = await api.GetAsync<Dossier[]>($"/api/agencies/{Uri.EscapeDataString(agency)}/worklist?{filter}&limit=1");
        return new Glance(id, text, counted.Total ?? counted.Value?.Length, $"/worklist?{filter}", tone);
    }
}
