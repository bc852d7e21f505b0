using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

[AllowAnonymous]
internal sealed class ProcedureModel(PlatformApi api, TimeProvider clock) : PageModel
{
    public Procedure? Procedure { get; private set; }

    public DueDate? DueOnline { get; private set; }

    /// <summary>The retired procedure whose page sent the visitor here, and the day it stopped taking dossiers.</summary>
    public ApiProblem? Replaced { get; private set; }

    public string? ReplacedCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? replaced)
    {
        var found = await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(code)}");
        if (found.Problem is { Status: StatusCodes.Status410Gone, ReplacedBy: { } successor })
        {
            return Redirect($"/procedures/{Uri.EscapeDataString(successor)}?replaced={Uri.EscapeDataString(code)}");
        }

        Procedure = found.Value;
        if (Procedure is null)
        {
            return NotFound();
        }

        // Said only when the platform confirms it: the code named really was replaced by this one.
        if (replaced is { Length: <= 20 } && (await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(replaced)}")).Problem is { ReplacedBy: var by } retired && by == code)
        {
            (Replaced, ReplacedCode) = (retired, replaced);
        }

        DueOnline = await api.DueIfSentNowAsync(code, clock);
        return Page();
    }
}
