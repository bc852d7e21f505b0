using System.Globalization;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Dossiers;

/// <summary>
/// One dossier as the agency handles it: its facts, documents (readable in the browser), every step, the forms to
/// print, the results and their signing, and exactly the actions the platform says the official may take now.
/// </summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class OfficialDossierModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public DossierPage Shown { get; private set; } = null!;

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    /// <summary>For a dossier received at one agency for another: where it was received and who decides it; null otherwise.</summary>
    public (string Receiving, string Competent)? Transfer { get; private set; }

    /// <summary>The steps someone else recorded after the version the page was opened at, when an action came too late.</summary>
    public IReadOnlyList<TimelineEntry> ChangedMeanwhile { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? Banner { get; private set; }

    /// <summary>The action whose form was sent, with what was typed in it, and its errors by field.</summary>
    public string? Sent { get; private set; }

    public string? TypedReason { get; private set; }

    public string? TypedDueAt { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Whom a head may assign the dossier to: the agency's officials, from the realm's directory.</summary>
    public IReadOnlyList<Official> Officials { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostActAsync(Guid id, string action, int expectedVersion, string? reason, string? newDueAt, string? assigneeId)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        (Sent, TypedReason, TypedDueAt) = (action, reason, newDueAt);
        var available = Shown.Available.Actions.FirstOrDefault(known => known.Action == action);
        if (available is { NeedsReason: true } && string.IsNullOrWhiteSpace(reason))
        {
            Errors["reason"] = Words.L("Hãy ghi lý do: nội dung này được in trên phiếu gửi người nộp.", "Write the reason: it is printed on the form the applicant receives.");
        }

        DateTimeOffset? dueAt = null;
        if (available is { NeedsNewDueAt: true })
        {
            if (DateTime.TryParseExact(newDueAt, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                dueAt = new DateTimeOffset(local, VietnamOffset);
            }
            else
            {
                Errors["newDueAt"] = Words.L("Chọn ngày và giờ hẹn trả mới.", "Choose the new due date and time.");
            }
        }

        if (available is { NeedsAssignee: true } && string.IsNullOrEmpty(assigneeId))
        {
            Errors["assigneeId"] = Words.L("Chọn cán bộ được giao xử lý.", "Choose the official to assign.");
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        ApiResult<Dossier> acted;
        try
        {
            // The same step at the same version is one step: a double click or a re-sent form records it once.
            acted = await api.PostAsync<Dossier>(
                $"/api/dossiers/{id}/actions",
                new { action, expectedVersion, reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), newDueAt = dueAt, assigneeId = string.IsNullOrEmpty(assigneeId) ? null : assigneeId },
                DossierWords.StepKey(action, expectedVersion));
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Hệ thống đang gián đoạn nên chưa thực hiện được. Hồ sơ chưa thay đổi; hãy thử lại sau ít phút.",
                "The system is briefly unavailable: nothing was done and the dossier is unchanged. Try again in a few minutes.");
            return Page();
        }

        if (acted.Value is null)
        {
            await RefuseAsync(id, acted.Problem!, expectedVersion);
            return Page();
        }

        return Redirect($"/dossiers/{id}?done={Uri.EscapeDataString(action)}");
    }

    public async Task<IActionResult> OnPostResultAsync(Guid id, IFormFile? file)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Sent = "result";
        if (file is not { Length: > 0 } || file.ContentType != "application/pdf")
        {
            Errors["file"] = Words.L("Chọn tệp kết quả dạng PDF.", "Choose the result as a PDF file.");
            return Page();
        }

        if (file.Length > UploadRules.MaxBytes)
        {
            Errors["file"] = Words.L($"Tệp {file.FileName} lớn hơn 10 MB.", $"{file.FileName} is larger than 10 MB.");
            return Page();
        }

        var uploaded = await api.UploadAsync<Result>($"/api/dossiers/{id}/results", file);
        if (uploaded.Value is null)
        {
            Errors["file"] = ProblemText.For(uploaded.Problem!);
            return Page();
        }

        return Redirect($"/dossiers/{id}?done=result#results-title");
    }

    public async Task<IActionResult> OnPostSignAsync(Guid id, Guid resultId)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        try
        {
            var signing = await api.PostAsync<Signing>($"/api/dossiers/{id}/results/{resultId}/signing", new { });
            if (signing.Value is null)
            {
                Banner = ProblemText.For(signing.Problem!);
                return Page();
            }
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Dịch vụ ký số đang gián đoạn nên chưa gửi được yêu cầu ký. Hồ sơ không thay đổi; hãy thử lại sau ít phút.",
                "The signing service is unavailable, so the request was not sent. The dossier is unchanged; try again in a few minutes.");
            return Page();
        }

        return Redirect($"/dossiers/{id}?done=signing#results-title");
    }

    private async Task RefuseAsync(Guid id, ApiProblem problem, int expectedVersion)
    {
        await LoadAsync(id);
        if (problem is { Status: 409, Field: "expectedVersion" })
        {
            Banner = Words.L("Hồ sơ vừa được người khác cập nhật nên thao tác của bạn chưa được thực hiện. Dưới đây là những gì đã thay đổi; hãy xem lại rồi thao tác lại nếu vẫn cần.",
                "Someone else changed this dossier first, so your action was not taken. Here is what changed; look again and repeat it if it is still needed.");
            ChangedMeanwhile = Timeline.Skip(expectedVersion).ToList();
            return;
        }

        if (problem.Field is "reason" or "newDueAt" or "assigneeId")
        {
            Errors[problem.Field] = ProblemText.For(problem);
            return;
        }

        Banner = ProblemText.For(problem);
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await api.LoadDossierPageAsync(vocabulary, catalogue, id) is not { } shown)
        {
            return false;
        }

        Shown = shown;
        var dossier = shown.Dossier;
        Transfer = dossier.Transferred ? (await catalogue.AgencyNameAsync(dossier.ReceivingAgency!), await catalogue.AgencyNameAsync(dossier.Agency)) : null;
        Timeline = await shown.TimelineAsync(vocabulary, forOfficials: true, entry => entry.Reason is { Length: > 0 });
        if (shown.Available.Actions.Any(action => action.NeedsAssignee))
        {
            Officials = (await api.GetAsync<Official[]>($"/api/agencies/{Uri.EscapeDataString(shown.Dossier.Agency)}/officials")).Value ?? [];
        }

        return true;
    }
}
