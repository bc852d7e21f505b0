using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Dossiers;

internal sealed record DossierRow(Dossier Dossier, string Procedure, StatusTerm Status, bool Open);

internal sealed record InterlinkedRow(InterlinkedDossier Dossier, StatusTerm Status);

[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class MyDossiersModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    public IReadOnlyList<DossierRow> Rows { get; private set; } = [];

    public IReadOnlyList<InterlinkedRow> Interlinked { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var interlinkedCall = api.GetAsync<InterlinkedDossier[]>("/api/interlinked/mine");
        var dossiers = (await api.GetAsync<Dossier[]>("/api/dossiers")).Value ?? [];
        var rows = new List<DossierRow>(dossiers.Length);
        foreach (var dossier in dossiers.OrderByDescending(dossier => dossier.ReceivedAt))
        {
            rows.Add(new DossierRow(dossier, await catalogue.ProcedureNameAsync(dossier.ProcedureCode), await vocabulary.StatusAsync(dossier.StatusCode), dossier.ClockRuns));
        }

        Rows = rows;
        var interlinked = new List<InterlinkedRow>();
        foreach (var dossier in (await interlinkedCall).Value ?? [])
        {
            interlinked.Add(new InterlinkedRow(dossier, await vocabulary.StatusAsync(dossier.Status)));
        }

        Interlinked = interlinked;
    }
}
