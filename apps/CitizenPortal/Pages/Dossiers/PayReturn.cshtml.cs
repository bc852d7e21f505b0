using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Dossiers;

internal sealed record CallbackAnswer(string Outcome, string? OrderId, string? Status);

/// <summary>
/// Where the gateway sends the citizen back: the gateway's signed query goes on to the platform (which checks the
/// signature and records the payment), then the page shows the dossier's payment as the platform now has it.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class PayReturnModel(PlatformApi api) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;

    public Payment? Payment { get; private set; }

    public bool Tampered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if ((await api.GetAsync<Dossier>($"/api/dossiers/{id}")).Value is not { } dossier)
        {
            return NotFound();
        }

        Dossier = dossier;
        if (Request.QueryString.HasValue)
        {
            var answer = await api.GetAsync<CallbackAnswer>($"/api/payments/callback{Request.QueryString}");
            Tampered = answer.Problem is { Status: 400 };
        }

        Payment = (await api.GetAsync<Payment>($"/api/dossiers/{id}/payment")).Value;
        return Page();
    }
}
