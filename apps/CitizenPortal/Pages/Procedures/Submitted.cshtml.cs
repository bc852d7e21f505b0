using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class SubmittedModel(PlatformApi api, DossierVocabulary vocabulary) : PageModel
{
    public Dossier? Dossier { get; private set; }

    public StatusTerm? Status { get; private set; }

    public IReadOnlyList<string> Forms { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Dossier = (await api.GetAsync<Dossier>($"/api/dossiers/{id}")).Value;
        if (Dossier is null)
        {
            return NotFound();
        }

        Status = await vocabulary.StatusAsync(Dossier.StatusCode);
        Forms = (await api.GetAsync<AvailableActions>($"/api/dossiers/{id}/available-actions")).Value?.Forms ?? [];
        return Page();
    }
}
