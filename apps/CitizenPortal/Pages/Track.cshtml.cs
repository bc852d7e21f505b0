using System.Text.RegularExpressions;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace HanoiEgov.CitizenPortal.Pages;

/// <summary>Anyone looks a dossier up by its code and a second factor; nothing personal is shown.</summary>
[AllowAnonymous]
[EnableRateLimiting(Extensions.LookupLimit)]
internal sealed partial class TrackModel(PlatformApi api, DossierVocabulary vocabulary) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Digits { get; set; }

    public string? CodeError { get; private set; }

    public string? DigitsError { get; private set; }

    public string? Problem { get; private set; }

    public DossierLookup? Found { get; private set; }

    public StatusTerm? Status { get; private set; }

    public string? ProcedureName { get; private set; }

    public string? AgencyName { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        Code = Code?.Trim().ToUpperInvariant();
        Digits = Digits?.Trim();
        if (Code is null || !CodeShape().IsMatch(Code))
        {
            CodeError = Words.L("Mã hồ sơ gồm mã cơ quan, ngày nhận và số thứ tự, ví dụ 00004-261201-0001.", "A dossier code is the agency, the day and a number, e.g. 00004-261201-0001.");
        }

        if (Digits is null || !DigitsShape().IsMatch(Digits))
        {
            DigitsError = Words.L("Nhập đúng 4 chữ số.", "Enter exactly 4 digits.");
        }

        if (CodeError is not null || DigitsError is not null)
        {
            return Page();
        }

        ApiResult<DossierLookup> answer;
        try
        {
            answer = await api.GetAsync<DossierLookup>($"/api/dossiers/lookup?code={Uri.EscapeDataString(Code!)}&digits={Uri.EscapeDataString(Digits!)}");
        }
        catch (PlatformUnavailableException)
        {
            Problem = Words.L("Hệ thống đang tạm gián đoạn nên chưa tra cứu được. Mã và 4 số bạn nhập vẫn còn đây; hãy bấm “Tra cứu” lại sau ít phút.",
                "The system is briefly unavailable, so the lookup could not be made. What you typed is still here; press “Look up” again in a few minutes.");
            return Page();
        }

        if (answer.Value is not { } found)
        {
            Problem = answer.Problem is { Status: 429 }
                ? Words.L("Bạn đã tra cứu quá nhiều lần. Vui lòng đợi một lát rồi thử lại.", "Too many lookups. Wait a moment, then try again.")
                : Words.L("Không tìm thấy hồ sơ với mã và 4 số cuối này. Hãy kiểm tra lại trên giấy tiếp nhận.", "No dossier has this code and these digits. Check them on your receipt.");
            return Page();
        }

        Found = found;
        Status = await vocabulary.StatusAsync(found.Status);
        var procedure = (await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(found.ProcedureCode)}")).Value;
        ProcedureName = procedure is null ? found.ProcedureCode : Words.L(procedure.Name, procedure.NameEn);
        var agency = (await api.GetAsync<Agency>($"/api/agencies/{Uri.EscapeDataString(found.Agency)}")).Value;
        AgencyName = agency is null ? found.Agency : Words.L(agency.Name, agency.NameEn);
        return Page();
    }

    [GeneratedRegex(@"^[0-9A-Z.]{3,30}-\d{6}-\d{4}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex DigitsShape();
}
