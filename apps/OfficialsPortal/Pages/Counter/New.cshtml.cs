using System.Globalization;
using System.Security.Claims;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Counter;

/// <summary>The population registry's answer, as the counter shows it.</summary>
internal sealed record RegistryPerson(string PersonalId, string FullName, DateOnly DateOfBirth, string Gender, string PlaceOfOrigin, string PermanentAddress, RegistryLookup Lookup);

internal sealed record RegistryLookup(string LookupId, string Purpose, string ConsentReference, string RequestedBy, DateTimeOffset At);

/// <summary>
/// A clerk registers a dossier brought to the counter: the procedure, the applicant (looked up in the population
/// registry with their consent, or typed by hand while it is down), one scan per required document, then form 01.
/// What was typed and uploaded is kept in the draft until the dossier exists.
/// </summary>
[Authorize(Policy = PlatformPolicies.OneStopClerk)]
internal sealed class CounterModel(PlatformApi api, Catalogue catalogue, DraftCookies drafts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty]
    public string? PersonalId { get; set; }

    [BindProperty]
    public string? FullName { get; set; }

    [BindProperty]
    public bool Consent { get; set; }

    /// <summary>The agency that decides the dossier: the clerk's own unless they receive it for another of the province (Decree 118/2025).</summary>
    [BindProperty]
    public string? CompetentAgency { get; set; }

    /// <summary>The agencies of the province that decide the chosen procedure: those of its level.</summary>
    public IReadOnlyList<Agency> CompetentAgencies { get; private set; } = [];

    public Procedure? Chosen { get; private set; }

    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public Draft Draft { get; private set; } = null!;

    public RegistryPerson? Person { get; private set; }

    public string? Banner { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    private string Clerk => User.FindFirstValue("sub") ?? User.Identity!.Name!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await PrepareAsync())
        {
            return Page();
        }

        (PersonalId, FullName) = (Draft.Applicant?.PersonalId, Draft.Applicant?.FullName);
        CompetentAgency = BackOffice.AgencyOf(User);
        return Page();
    }

    public async Task<IActionResult> OnPostLookupAsync()
    {
        if (!await PrepareAsync())
        {
            return Page();
        }

        await StageUploadsAsync();
        PersonalId = PersonalId?.Trim();
        if (string.IsNullOrEmpty(PersonalId))
        {
            Errors["personalId"] = Words.L("Nhập số định danh cá nhân (12 chữ số) của người nộp.", "Enter the applicant's personal ID (12 digits).");
        }

        if (!Consent)
        {
            Errors["consent"] = Words.L("Chỉ tra cứu khi người nộp đồng ý; hãy hỏi và đánh dấu ô này.", "Look up only with the applicant's consent: ask, then tick this box.");
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var purpose = $"Tiếp nhận hồ sơ thủ tục {Chosen!.Code} – {Chosen.Name} tại {BackOffice.AgencyOf(User)}";
        var consent = $"Người nộp đồng ý trực tiếp tại quầy một cửa, {DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}";
        ApiResult<RegistryPerson> found;
        try
        {
            found = await api.PostAsync<RegistryPerson>("/api/population/lookups", new { personalId = PersonalId, purpose, consentReference = consent });
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Cơ sở dữ liệu quốc gia về dân cư đang gián đoạn. Hãy nhập họ tên theo giấy tờ của người nộp; hồ sơ ghi nhận thông tin này chưa được xác thực.",
                "The national population database is unavailable. Type the name from the applicant's papers; the dossier records that it was not verified.");
            Save(new DraftApplicant(PersonalId!, FullName?.Trim() ?? "", null));
            return Page();
        }

        if (found.Value is not { } person)
        {
            Errors["personalId"] = found.Status == System.Net.HttpStatusCode.NotFound
                ? Words.L("Không có người mang số định danh này trong Cơ sở dữ liệu quốc gia về dân cư. Kiểm tra lại giấy tờ.", "The population database has no one with this personal ID. Check the papers.")
                : found.Problem!.For("personalId") is not null ? Words.L("Số định danh cá nhân gồm 12 chữ số, như in trên căn cước.", "A personal ID has 12 digits, as on the identity card.") : ProblemText.For(found.Problem!);
            return Page();
        }

        Person = person;
        FullName = person.FullName;
        Save(new DraftApplicant(person.PersonalId, person.FullName, person.Lookup.LookupId));
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        if (!await PrepareAsync())
        {
            return Page();
        }

        await StageUploadsAsync();
        (PersonalId, FullName) = (PersonalId?.Trim(), FullName?.Trim());
        if (string.IsNullOrEmpty(PersonalId))
        {
            Errors["personalId"] = Words.L("Nhập số định danh cá nhân (12 chữ số) của người nộp.", "Enter the applicant's personal ID (12 digits).");
        }

        if (string.IsNullOrEmpty(FullName))
        {
            Errors["fullName"] = Words.L("Nhập họ và tên người nộp.", "Enter the applicant's full name.");
        }

        foreach (var missing in Chosen!.Version.RequiredDocuments.Where(document => document.Required && Draft.Document(document.Code) is null && !Errors.ContainsKey(document.Code)))
        {
            Errors[missing.Code] = Words.L($"Thiếu bản quét: {missing.Name}.", $"Missing scan: {missing.Name}.");
        }

        var verified = Draft.Applicant is { LookupId: not null } applicant && applicant.PersonalId == PersonalId ? applicant.LookupId : null;
        Save(new DraftApplicant(PersonalId ?? "", FullName ?? "", verified));
        if (Errors.Count > 0)
        {
            return Page();
        }

        var body = new
        {
            procedureCode = Chosen.Code,
            applicantId = PersonalId,
            applicantName = FullName,
            applicantLookupId = verified,
            competentAgency = string.IsNullOrEmpty(CompetentAgency) ? null : CompetentAgency,
            documents = Draft.Documents.Select(document => new { documentCode = document.DocumentCode, attachmentId = document.AttachmentId }),
        };
        ApiResult<Dossier> registered;
        try
        {
            registered = await api.PostAsync<Dossier>("/api/dossiers/counter", body, new Dictionary<string, string> { ["Idempotency-Key"] = Draft.Key });
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Chưa tiếp nhận được vì hệ thống đang gián đoạn. Mọi thông tin vẫn được giữ; hãy bấm “Tiếp nhận hồ sơ” lại sau ít phút – hồ sơ sẽ không bị tạo hai lần.",
                "Not registered: the system is briefly unavailable. Everything is kept; press “Register” again in a few minutes – it will not be registered twice.");
            return Page();
        }

        if (registered.Value is not { } dossier)
        {
            var problem = registered.Problem!;
            if (problem.For("applicantId") is { } badId)
            {
                Errors["personalId"] = Words.L($"Số định danh cá nhân không hợp lệ: {badId}", $"The personal ID is not valid: {badId}");
            }
            else if (problem.For("applicantName") is not null)
            {
                Errors["fullName"] = Words.L("Họ và tên tối đa 200 ký tự.", "The full name is at most 200 characters.");
            }
            else if (problem.For("competentAgency") is not null)
            {
                Errors["competentAgency"] = Words.L("Chọn một cơ quan giải quyết thủ tục này trong danh sách.", "Choose an agency that decides this procedure from the list.");
            }
            else
            {
                Banner = ProblemText.For(problem);
            }

            return Page();
        }

        DraftCookies.Delete(HttpContext, Draft.Scope);
        return Redirect($"/dossiers/{dossier.Id}?done=registered");
    }

    /// <summary>The procedures of the clerk's agency level, the chosen one and its draft; false while none is chosen.</summary>
    private async Task<bool> PrepareAsync()
    {
        var agencies = await catalogue.AgenciesAsync();
        var agency = agencies.FirstOrDefault(known => known.Code == BackOffice.AgencyOf(User));
        Procedures = [.. (await catalogue.ProceduresAsync()).Where(procedure => agency is null || procedure.AgencyLevel == agency.Level).OrderBy(procedure => procedure.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false))];
        Chosen = Procedures.FirstOrDefault(procedure => procedure.Code == Procedure);
        if (Chosen is null)
        {
            if (Procedure is not null)
            {
                Errors["procedure"] = Words.L("Chọn một thủ tục trong danh sách.", "Choose a procedure from the list.");
            }

            return false;
        }

        CompetentAgencies = [.. agencies.Where(known => known.Level == Chosen.AgencyLevel).OrderBy(known => known.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false))];
        var scope = $"counter-{Chosen.Code}";
        Draft = drafts.Read(HttpContext, scope, Clerk) ?? Draft.Start(Clerk, scope);
        return true;
    }

    private async Task StageUploadsAsync()
    {
        foreach (var document in Chosen!.Version.RequiredDocuments)
        {
            if (Request.Form.Files.GetFile($"file-{document.Code}") is not { Length: > 0 } file)
            {
                continue;
            }

            var (uploaded, error) = await api.UploadDocumentAsync(file, document);
            if (uploaded is null)
            {
                Errors[document.Code] = error!;
                continue;
            }

            Draft = Draft.With(uploaded);
        }

        drafts.Write(HttpContext, Draft);
    }

    private void Save(DraftApplicant applicant)
    {
        Draft = Draft with { Applicant = applicant };
        drafts.Write(HttpContext, Draft);
    }
}
