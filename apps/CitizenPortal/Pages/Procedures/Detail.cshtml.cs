using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

[AllowAnonymous]
internal sealed class ProcedureModel(PlatformApi api, TimeProvider clock) : PageModel
{
    public Procedure? Procedure { get; private set; }

    public DueDate? DueOnline { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        Procedure = (await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(code)}")).Value;
        if (Procedure is null)
        {
            return NotFound();
        }

        DueOnline = await api.DueIfSentNowAsync(code, clock);
        return Page();
    }
}
