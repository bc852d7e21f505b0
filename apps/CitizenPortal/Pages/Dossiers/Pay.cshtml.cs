using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Dossiers;

/// <summary>Paying a dossier's fees through the configured gateway: the amount first, then the gateway's own page.</summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class PayModel(PlatformApi api) : PageModel
{
    public Dossier Dossier { get; private set; } = null!;

    public Procedure? Procedure { get; private set; }

    public Payment? Latest { get; private set; }

    public bool CanPay { get; private set; }

    public string? Banner { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        ApiResult<Payment> created;
        try
        {
            created = await api.PostAsync<Payment>($"/api/dossiers/{id}/payment", new { });
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Cổng thanh toán đang gián đoạn. Chưa có khoản tiền nào bị trừ; hãy thử lại sau ít phút.",
                "The payment gateway is briefly unavailable. Nothing was charged; try again in a few minutes.");
            return Page();
        }

        if (created.Value is not { } payment)
        {
            Banner = ProblemText.For(created.Problem!);
            return Page();
        }

        // The gateway's own page: the citizen pays there and is sent back to the return page.
        return Redirect(payment.RedirectUrl.AbsoluteUri);
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if ((await api.GetAsync<Dossier>($"/api/dossiers/{id}")).Value is not { } dossier)
        {
            return false;
        }

        Dossier = dossier;
        Procedure = (await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(dossier.ProcedureCode)}")).Value;
        Latest = (await api.GetAsync<Payment>($"/api/dossiers/{id}/payment")).Value;
        CanPay = (await api.GetAsync<AvailableActions>($"/api/dossiers/{id}/available-actions")).Value?.CanPay ?? false;
        return true;
    }
}
