using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Interlinked;

/// <summary>One interlinked dossier of the commune, read-only: the whole and each part, the commune part linked to its dossier.</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class InterlinkedDetailModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    public InterlinkedPage Shown { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await api.LoadInterlinkedPageAsync(vocabulary, catalogue, id, forOfficials: true) is not { } shown)
        {
            return NotFound();
        }

        Shown = shown;
        return Page();
    }
}
