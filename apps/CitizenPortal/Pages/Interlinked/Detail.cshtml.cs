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
/// refused part corrected (householder, address) and sent again alone.
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
        var body = new
        {
            householderPersonalId = string.IsNullOrWhiteSpace(HouseholderId) ? null : HouseholderId.Trim(),
            address = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim(),
        };
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
            foreach (var (field, input) in new[] { ("householderPersonalId", $"householder-{key}"), ("address", $"address-{key}") })
            {
                if (problem.For(field) is { } message)
                {
                    Errors[input] = field == "householderPersonalId" && HouseholderId is null && Address is null
                        ? Words.L("Nhập số định danh cá nhân của chủ hộ, địa chỉ thường trú, hoặc cả hai.", "Give the householder's personal ID, the address, or both.")
                        : InterlinkedErrors.Message(field, message);
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
