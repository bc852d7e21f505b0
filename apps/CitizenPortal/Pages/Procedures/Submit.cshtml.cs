using System.Globalization;
using System.Security.Claims;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

internal sealed record SubmittedDossier(Guid Id, string Code, DateTimeOffset DueAt);

/// <summary>
/// The online submission, one thing per step: the receiving agency, one upload per document, a review, then submit.
/// What is done so far is kept in a draft cookie, so a reload, an expired session or a retry loses nothing, and every
/// try of the submission sends the draft's idempotency key: a double click never makes a second dossier.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class SubmitModel(PlatformApi api, DraftCookies drafts, TimeProvider clock) : PageModel
{
    public const string AgencyStep = "agency";
    public const string DocumentsStep = "documents";
    public const string ReviewStep = "review";

    public static readonly string[] Steps = [AgencyStep, DocumentsStep, ReviewStep];

    public Procedure Procedure { get; private set; } = null!;

    public Draft Draft { get; private set; } = null!;

    public string Step { get; private set; } = AgencyStep;

    [BindProperty(SupportsGet = true, Name = "aq")]
    public string? AgencySearch { get; set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public Agency? ChosenAgency { get; private set; }

    public DueDate? Due { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Banner { get; private set; }

    private string Owner => User.FindFirstValue(KeycloakClaims.PersonalId)!;

    public async Task<IActionResult> OnGetAsync(string code, string? step)
    {
        if (!await LoadAsync(code, startNew: true))
        {
            return NotFound();
        }

        Step = Steps.Contains(step) ? step! : AgencyStep;
        // A step needs the ones before it: a link to a later step goes to the first one not done.
        if (Step != AgencyStep && Draft.Agency is null)
        {
            Step = AgencyStep;
        }
        else if (Step == ReviewStep && MissingDocuments().Any())
        {
            Step = DocumentsStep;
        }

        await PrepareAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAgencyAsync(string code, string? agency)
    {
        if (!await LoadAsync(code))
        {
            return NotFound();
        }

        Step = AgencyStep;
        Agencies = await AgenciesAsync(null);
        if (agency is null || Agencies.All(known => known.Code != agency))
        {
            Errors["agency"] = Words.L("Hãy chọn phường, xã tiếp nhận hồ sơ.", "Choose the ward or commune that receives the dossier.");
            await PrepareAsync();
            return Page();
        }

        Save(Draft with { Agency = agency });
        return RedirectToStep(DocumentsStep);
    }

    public async Task<IActionResult> OnPostUploadAsync(string code, string? document, IFormFile? file)
    {
        if (!await LoadAsync(code))
        {
            return NotFound();
        }

        Step = DocumentsStep;
        var required = Procedure.Version.RequiredDocuments.FirstOrDefault(known => known.Code == document);
        if (required is null)
        {
            return RedirectToStep(DocumentsStep);
        }

        var (uploaded, error) = await api.UploadDocumentAsync(file, required);
        if (uploaded is null)
        {
            Errors[required.Code] = error!;
            await PrepareAsync();
            return Page();
        }

        Save(Draft.With(uploaded));
        return Redirect($"/procedures/{Procedure.Code}/submit?step={DocumentsStep}#document-{required.Code}");
    }

    public async Task<IActionResult> OnPostDocumentsAsync(string code)
    {
        if (!await LoadAsync(code))
        {
            return NotFound();
        }

        Step = DocumentsStep;
        foreach (var missing in MissingDocuments())
        {
            Errors[missing.Code] = Words.L($"Hãy tải lên “{missing.Name}”.", $"Upload “{missing.Name}”.");
        }

        if (Errors.Count > 0)
        {
            await PrepareAsync();
            return Page();
        }

        return RedirectToStep(ReviewStep);
    }

    public async Task<IActionResult> OnPostSubmitAsync(string code)
    {
        if (!await LoadAsync(code))
        {
            return NotFound();
        }

        if (Draft.DossierId is { } done)
        {
            return Redirect($"/procedures/{Procedure.Code}/submit/done/{done}");
        }

        Step = ReviewStep;
        var body = new
        {
            procedureCode = Procedure.Code,
            agency = Draft.Agency,
            documents = Draft.Documents.Select(document => new { documentCode = document.DocumentCode, attachmentId = document.AttachmentId }),
        };
        ApiResult<SubmittedDossier> submitted;
        try
        {
            submitted = await api.PostAsync<SubmittedDossier>("/api/dossiers", body, new Dictionary<string, string> { ["Idempotency-Key"] = Draft.Key });
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Chưa gửi được hồ sơ vì hệ thống đang gián đoạn. Mọi thông tin vẫn được giữ; hãy bấm “Nộp hồ sơ” lại sau ít phút – hồ sơ sẽ không bị nộp hai lần.",
                "The dossier could not be sent: the system is briefly unavailable. Everything is kept; press “Submit” again in a few minutes – it will not be submitted twice.");
            await PrepareAsync();
            return Page();
        }

        if (submitted.Value is not { } dossier)
        {
            Banner = ProblemText.For(submitted.Problem!);
            await PrepareAsync();
            return Page();
        }

        Save(Draft with { DossierId = dossier.Id });
        return Redirect($"/procedures/{Procedure.Code}/submit/done/{dossier.Id}");
    }

    public IEnumerable<RequiredDocument> MissingDocuments() =>
        Procedure.Version.RequiredDocuments.Where(document => document.Required && Draft.Document(document.Code) is null);

    public string StepUrl(string step) => $"/procedures/{Procedure.Code}/submit?step={step}";

    private RedirectResult RedirectToStep(string step) => Redirect(StepUrl(step));

    private async Task<bool> LoadAsync(string code, bool startNew = false)
    {
        if ((await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(code)}")).Value is not { } procedure)
        {
            return false;
        }

        Procedure = procedure;
        var draft = drafts.Read(HttpContext, procedure.Code, Owner);
        // A draft already submitted stays for a retried submit; opening the wizard again starts a new one.
        Draft = draft is null || (startNew && draft.DossierId is not null) ? Draft.Start(Owner, procedure.Code) : draft;
        if (!ReferenceEquals(draft, Draft))
        {
            Save(Draft);
        }

        return true;
    }

    private void Save(Draft draft)
    {
        Draft = draft;
        drafts.Write(HttpContext, draft);
    }

    private async Task PrepareAsync()
    {
        if (Step == AgencyStep)
        {
            Agencies = await AgenciesAsync(AgencySearch);
        }

        if (Draft.Agency is { } chosen)
        {
            ChosenAgency = (await api.GetAsync<Agency>($"/api/agencies/{Uri.EscapeDataString(chosen)}")).Value;
        }

        if (Step == ReviewStep)
        {
            Due = await api.DueIfSentNowAsync(Procedure.Code, clock);
        }
    }

    private async Task<IReadOnlyList<Agency>> AgenciesAsync(string? search)
    {
        var query = QueryString.Create(new Dictionary<string, string?> { ["level"] = Procedure.AgencyLevel, ["q"] = string.IsNullOrWhiteSpace(search) ? null : search.Trim() }
            .Where(pair => pair.Value is not null));
        var found = (await api.GetAsync<Agency[]>($"/api/agencies{query}")).Value ?? [];
        return [.. found.OrderBy(agency => agency.Name, StringComparer.Create(new CultureInfo("vi-VN"), ignoreCase: true))];
    }
}
