using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>Any dossier of the agency, open or closed, by its code or the applicant's name (diacritics optional).</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class SearchModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public string? QError { get; private set; }

    public IReadOnlyList<DossierRow>? Rows { get; private set; }

    public async Task OnGetAsync()
    {
        if (Q is null)
        {
            return;
        }

        Q = Q.Trim();
        var found = await api.GetAsync<Dossier[]>($"/api/agencies/{Uri.EscapeDataString(BackOffice.AgencyOf(User))}/dossiers?q={Uri.EscapeDataString(Q)}");
        if (found.Value is { } dossiers)
        {
            Rows = await WorklistModel.RowsAsync(dossiers, BackOffice.AgencyOf(User), vocabulary, catalogue);
        }
        else
        {
            QError = found.Problem!.For("q") is not null
                ? Words.L("Nhập từ 2 đến 100 ký tự: mã hồ sơ hoặc một phần tên người nộp.", "Enter 2 to 100 characters: a dossier code or part of the applicant's name.")
                : ProblemText.For(found.Problem!);
        }
    }
}
