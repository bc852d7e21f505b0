using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages;

[AllowAnonymous]
internal sealed class IndexModel(PlatformApi api) : PageModel
{
    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public async Task OnGetAsync() => Procedures = (await api.GetAsync<Procedure[]>("/api/procedures")).Value ?? [];
}
