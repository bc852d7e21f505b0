using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Interlinked;

internal sealed record InterlinkedListRow(InterlinkedDossier Dossier, StatusTerm Status);

/// <summary>The interlinked dossiers the official's commune received, each whole with its parts, the late part marked.</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class InterlinkedListModel(PlatformApi api, DossierVocabulary vocabulary) : PageModel
{
    public IReadOnlyList<InterlinkedListRow> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var rows = new List<InterlinkedListRow>();
        foreach (var dossier in (await api.GetAsync<InterlinkedDossier[]>("/api/interlinked")).Value ?? [])
        {
            rows.Add(new InterlinkedListRow(dossier, await vocabulary.StatusAsync(dossier.Status)));
        }

        Rows = rows;
    }
}
