using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages;

[AllowAnonymous]
internal sealed class AgenciesModel(PlatformApi api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var query = QueryString.Create(new Dictionary<string, string?> { ["q"] = Q?.Trim() is { Length: <= 100 } q ? q : null, ["level"] = Level }
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value)));
        Agencies = (await api.GetAsync<Agency[]>($"/api/agencies{query}")).Value ?? [];
    }
}
