using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Declarations;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Interlinked;

/// <summary>
/// An interlinked dossier as its applicant follows it: one code and due time, each part with who decides it, and a
/// refused part corrected from what it was sent with (the residence's householder and address, the card's delivery
/// address, the funeral allowance's survivors' claim, which may be withdrawn) or sent again as declared, alone.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class InterlinkedDetailModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    public InterlinkedPage Shown { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? HouseholderId { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    /// <summary>The funeral allowance's survivors' claim, as corrected; only its survivors' inputs are on the page.</summary>
    [BindProperty]
    public DeathFields Survivors { get; set; } = DeathFields.Empty;

    /// <summary>The refused part whose correction was just sent and refused again.</summary>
    public string? Correcting { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Banner { get; private set; }

    public string Error(string part, string input) => Correcting == part ? Errors.GetValueOrDefault(input) ?? "" : "";

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, string key)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Correcting = key;
        var body = new Dictionary<string, object?>();
        var part = Shown.Dossier.Parts.FirstOrDefault(part => part.Key == key);
        var inputs = part is null ? new Dictionary<string, string>() : Inputs(part);
        if (inputs.ContainsKey("householderPersonalId"))
        {
            body["householderPersonalId"] = string.IsNullOrWhiteSpace(HouseholderId) ? null : HouseholderId.Trim();
        }

        if (inputs.ContainsKey("address"))
        {
            body["address"] = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim();
        }

        if (inputs.ContainsKey("survivors.form"))
        {
            // What the form shows is sent: a claim, or none, which withdraws the one the part was sent with.
            var declared = part!.SentWith?.Survivors;
            Survivors = Survivors.Tidied();
            if (Survivors.SurvivorsClaim() is { } claim)
            {
                body["survivors"] = claim;
            }
            else if (declared is not null && DeathFields.Of(declared) is not null && inputs.ContainsKey("withdrawSurvivors"))
            {
                body["withdrawSurvivors"] = true;
            }
        }

        ApiResult<InterlinkedDossier> sent;
        try
        {
            sent = await api.PostAsync<InterlinkedDossier>($"/api/interlinked/{id}/parts/{Uri.EscapeDataString(key)}/resubmission", body);
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Hệ thống đang gián đoạn nên chưa gửi lại được. Hãy thử lại sau ít phút.", "The system is briefly unavailable: nothing was sent. Try again in a few minutes.");
            return Page();
        }

        if (sent.Problem is { } problem)
        {
            foreach (var (field, input) in inputs)
            {
                if (problem.For(field) is { } message)
                {
                    Errors.TryAdd(input, field == "householderPersonalId" && HouseholderId is null && Address is null
                        ? Words.L("Nhập số định danh cá nhân của chủ hộ, địa chỉ thường trú, hoặc cả hai.", "Give the householder's personal ID, the address, or both.")
                        : InterlinkedErrors.Message(field, message));
                }
            }

            if (Errors.Count == 0)
            {
                Banner = ProblemText.For(problem);
            }

            return Page();
        }

        return Redirect($"/interlinked/{id}?done=resubmitted");
    }

    /// <summary>The platform's correction fields <paramref name="part"/> takes, and their inputs on this page; none: it is sent again as declared.</summary>
    public static IReadOnlyDictionary<string, string> Inputs(InterlinkedPart part) => (part.Corrects ?? []).SelectMany(field => field switch
    {
        "householderPersonalId" => [KeyValuePair.Create(field, $"householder-{part.Key}")],
        "address" => [KeyValuePair.Create(field, $"address-{part.Key}")],
        "survivors" => DeathFields.Group.Inputs.Where(input => input.Key.StartsWith("survivors.", StringComparison.Ordinal)),
        "withdrawSurvivors" => [KeyValuePair.Create(field, "survivor-form")],
        _ => [],
    }).ToDictionary(StringComparer.Ordinal);

    /// <summary>What the correction of a refused part asks for.</summary>
    public static string Guidance(string key) => key switch
    {
        "residence" => Words.L("Chỉ phần này được gửi lại; các phần khác giữ nguyên kết quả. Nhập thông tin đúng (một hoặc cả hai).",
            "Only this part is sent again; the others keep their results. Give the correct details (one or both)."),
        "health-insurance" => Words.L("Chỉ phần này được gửi lại; các phần khác giữ nguyên kết quả. Nhập địa chỉ nhận thẻ đúng.",
            "Only this part is sent again; the others keep their results. Give the correct delivery address."),
        "funeral-allowance" => Words.L("Chỉ phần này được gửi lại; các phần khác giữ nguyên kết quả. Sửa thân nhân hưởng trợ cấp tuất như đã kê khai dưới đây, hoặc chọn “Không đề nghị” để chỉ đề nghị trợ cấp mai táng.",
            "Only this part is sent again; the others keep their results. Correct the relatives claiming the survivor allowance as declared below, or choose “Not claimed” to claim the funeral allowance alone."),
        _ => Words.L("Chỉ phần này được gửi lại, như đã kê khai; các phần khác giữ nguyên kết quả. Hãy gửi lại khi lý do từ chối đã được khắc phục.",
            "Only this part is sent again, as declared; the others keep their results. Send it again once the reason it was refused is dealt with."),
    };

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await api.LoadInterlinkedPageAsync(vocabulary, catalogue, id, forOfficials: false) is not { } shown)
        {
            return false;
        }

        Shown = shown;
        return true;
    }
}
