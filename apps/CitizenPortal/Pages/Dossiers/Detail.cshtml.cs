using System.Security.Claims;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Dossiers;

/// <summary>
/// One dossier as its applicant follows it: the recorded steps, the documents sent, the forms, the results with their
/// signatures checked now, and only the actions the platform says the citizen may take now.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class DossierModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue, DraftCookies drafts) : PageModel
{
    public DossierPage Shown { get; private set; } = null!;

    public Dossier Dossier { get; private set; } = null!;

    public StatusTerm Status { get; private set; } = null!;

    public string ProcedureName { get; private set; } = "";

    public string AgencyName { get; private set; } = "";

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];

    public IReadOnlyList<Result> Results { get; private set; } = [];

    public AvailableActions Available { get; private set; } = new(0, 0, [], false, []);

    public IReadOnlyList<RequiredDocument> Documents { get; private set; } = [];

    public string? SupplementReason { get; private set; }

    public Draft? Supplement { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Confirm { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? Banner { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    private string Owner => User.FindFirstValue(KeycloakClaims.PersonalId)!;

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, int expectedVersion)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        return await ActAsync(id, "Withdraw", expectedVersion, new { action = "Withdraw", expectedVersion }, "withdrawn");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? document, IFormFile? file)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var required = Documents.FirstOrDefault(known => known.Code == document);
        if (required is null || !Available.Allows("ProvideSupplement"))
        {
            return Redirect($"/dossiers/{id}");
        }

        var (uploaded, error) = await api.UploadDocumentAsync(file, required);
        if (uploaded is null)
        {
            Errors[required.Code] = error!;
            return Page();
        }

        drafts.Write(HttpContext, Supplement!.With(uploaded));
        return Redirect($"/dossiers/{id}#supplement");
    }

    public async Task<IActionResult> OnPostSupplementAsync(Guid id, int expectedVersion)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (Supplement!.Documents.Count == 0)
        {
            Errors["supplement"] = Words.L("Hãy tải lên ít nhất một giấy tờ bổ sung.", "Upload at least one document.");
            return Page();
        }

        var documents = Supplement.Documents.Select(document => new { documentCode = document.DocumentCode, attachmentId = document.AttachmentId });
        var outcome = await ActAsync(id, "ProvideSupplement", expectedVersion, new { action = "ProvideSupplement", expectedVersion, documents }, "supplemented");
        if (Banner is null)
        {
            DraftCookies.Delete(HttpContext, Supplement.Scope);
        }

        return outcome;
    }

    private async Task<IActionResult> ActAsync(Guid id, string action, int expectedVersion, object command, string done)
    {
        ApiResult<Dossier> acted;
        try
        {
            // The same step at the same version is one step: a double click or a re-sent form records it once.
            acted = await api.PostAsync<Dossier>($"/api/dossiers/{id}/actions", command, DossierWords.StepKey(action, expectedVersion));
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Hệ thống đang gián đoạn nên chưa thực hiện được. Hồ sơ chưa thay đổi; hãy thử lại sau ít phút.",
                "The system is briefly unavailable: nothing was done and the dossier is unchanged. Try again in a few minutes.");
            return Page();
        }

        if (acted.Value is null)
        {
            Banner = ProblemText.For(acted.Problem!);
            await LoadAsync(id);
            return Page();
        }

        return Redirect($"/dossiers/{id}?done={done}");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await api.LoadDossierPageAsync(vocabulary, catalogue, id) is not { } shown)
        {
            return false;
        }

        Shown = shown;
        (Dossier, Status, ProcedureName, AgencyName) = (shown.Dossier, shown.Status, shown.ProcedureName, shown.AgencyName);
        (Attachments, Results, Available, Documents) = (shown.Attachments, shown.Results, shown.Available, shown.Documents);
        // The reasons the law has the agency write to the applicant (forms 02–05); other steps' notes are internal.
        Timeline = await shown.TimelineAsync(vocabulary, forOfficials: false, entry => entry.Action is "Refuse" or "RequestSupplement" or "StopProcessing" or "ExtendDeadline");
        SupplementReason = shown.History.LastOrDefault(entry => entry.Action == "RequestSupplement")?.Reason;
        if (Available.Allows("ProvideSupplement"))
        {
            var scope = $"supplement-{id:N}-{Dossier.Version}";
            Supplement = drafts.Read(HttpContext, scope, Owner) ?? Draft.Start(Owner, scope);
        }

        return true;
    }
}
