using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Dossiers;

internal sealed record DossierRow(Dossier Dossier, string Procedure, StatusTerm Status, bool Open);

[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class MyDossiersModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    public IReadOnlyList<DossierRow> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var dossiers = (await api.GetAsync<Dossier[]>("/api/dossiers")).Value ?? [];
        var rows = new List<DossierRow>(dossiers.Length);
        foreach (var dossier in dossiers.OrderByDescending(dossier => dossier.ReceivedAt))
        {
            rows.Add(new DossierRow(dossier, await catalogue.ProcedureNameAsync(dossier.ProcedureCode), await vocabulary.StatusAsync(dossier.StatusCode), dossier.ClockRuns));
        }

        Rows = rows;
    }
}
