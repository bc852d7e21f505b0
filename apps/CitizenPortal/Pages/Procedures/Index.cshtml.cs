using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

[AllowAnonymous]
internal sealed class ProceduresModel(PlatformApi api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Field { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Level { get; set; }

    public string? QError { get; private set; }

    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public IReadOnlyList<string> Fields { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Fields = [.. ((await api.GetAsync<Procedure[]>("/api/procedures")).Value ?? []).Select(procedure => procedure.Field).Distinct().Order(StringComparer.Ordinal)];
        if (Q is { Length: > 100 })
        {
            QError = Words.L("Từ khóa dài tối đa 100 ký tự.", "At most 100 characters.");
            return;
        }

        var query = QueryString.Create(new Dictionary<string, string?> { ["q"] = Q, ["field"] = Field, ["level"] = Level }
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value)));
        Procedures = (await api.GetAsync<Procedure[]>($"/api/procedures{query}")).Value ?? [];
    }
}
