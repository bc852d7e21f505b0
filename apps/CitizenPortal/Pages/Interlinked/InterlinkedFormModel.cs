using System.Globalization;
using System.Security.Claims;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.CitizenPortal.Pages.Interlinked;

/// <summary>
/// What the interlinked declaration forms share: the receiving commune, the documents staged at the platform and kept in
/// a draft cookie (a refused try does not ask for the files again), one idempotency key for every try, and the platform's
/// refusals put next to the fields they name, with what was typed kept.
/// </summary>
internal abstract class InterlinkedFormModel(PlatformApi api, DraftCookies drafts) : PageModel
{
    [BindProperty]
    public string? Agency { get; set; }

    public Procedure Procedure { get; private set; } = null!;

    public Draft Draft { get; private set; } = null!;

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Banner { get; private set; }

    protected abstract string Group { get; }

    /// <summary>The platform's field names and the ids of the inputs that show their errors.</summary>
    protected abstract IReadOnlyDictionary<string, string> Inputs { get; }

    protected string Owner => User.FindFirstValue(KeycloakClaims.PersonalId)!;

    public string Error(string input) => Errors.GetValueOrDefault(input) ?? "";

    public static string FileInput(string documentCode) => $"file-{documentCode}";

    protected async Task<bool> LoadAsync(bool startNew)
    {
        if ((await api.GetAsync<Procedure>($"/api/procedures/{Uri.EscapeDataString(Group)}")).Value is not { } procedure)
        {
            return false;
        }

        Procedure = procedure;
        var draft = drafts.Read(HttpContext, $"interlinked-{Group}", Owner);
        Draft = draft is null || (startNew && draft.DossierId is not null) ? Draft.Start(Owner, $"interlinked-{Group}") : draft;
        if (!ReferenceEquals(draft, Draft))
        {
            drafts.Write(HttpContext, Draft);
        }

        var found = (await api.GetAsync<Agency[]>("/api/agencies?level=commune")).Value ?? [];
        Agencies = [.. found.OrderBy(agency => agency.Name, StringComparer.Create(new CultureInfo("vi-VN"), ignoreCase: true))];
        Agency ??= Draft.Agency;
        return true;
    }

    /// <summary>Stages each file chosen now; a document already staged stays unless replaced.</summary>
    protected async Task StageUploadsAsync()
    {
        foreach (var document in Procedure.Version.RequiredDocuments)
        {
            if (Request.Form.Files.GetFile(FileInput(document.Code)) is not { Length: > 0 } file)
            {
                continue;
            }

            var (uploaded, error) = await api.UploadDocumentAsync(file, document);
            if (uploaded is null)
            {
                Errors[FileInput(document.Code)] = error!;
                continue;
            }

            Draft = Draft.With(uploaded);
        }

        Draft = Draft with { Agency = string.IsNullOrEmpty(Agency) ? null : Agency };
        drafts.Write(HttpContext, Draft);
        foreach (var missing in Procedure.Version.RequiredDocuments.Where(document => document.Required && Draft.Document(document.Code) is null))
        {
            Errors.TryAdd(FileInput(missing.Code), Words.L($"Hãy tải lên “{missing.Name}”.", $"Upload “{missing.Name}”."));
        }
    }

    /// <summary>Sends the declaration; on success the interlinked dossier's page, otherwise this page with the errors.</summary>
    protected async Task<IActionResult> SubmitAsync(string path, Dictionary<string, object?> body)
    {
        if (Draft.DossierId is { } done)
        {
            return Redirect($"/interlinked/{done}");
        }

        // A document not staged is said next to its input first: the declaration is sent only with every file in place.
        if (Errors.Count > 0)
        {
            return Page();
        }

        var documents = Draft.Documents.Select(document => new { documentCode = document.DocumentCode, attachmentId = document.AttachmentId }).ToList();
        ApiResult<InterlinkedDossier> submitted;
        try
        {
            submitted = await api.PostAsync<InterlinkedDossier>(path, new Dictionary<string, object?>(body) { ["agency"] = Draft.Agency, ["documents"] = documents },
                new Dictionary<string, string> { ["Idempotency-Key"] = Draft.Key });
        }
        catch (PlatformUnavailableException)
        {
            Banner = Words.L("Chưa gửi được hồ sơ vì hệ thống đang gián đoạn. Mọi thông tin vẫn được giữ; hãy bấm “Nộp hồ sơ” lại sau ít phút – hồ sơ sẽ không bị nộp hai lần.",
                "The dossier could not be sent: the system is briefly unavailable. Everything is kept; press “Submit” again in a few minutes – it will not be submitted twice.");
            return Page();
        }

        if (submitted.Value is { } dossier)
        {
            drafts.Write(HttpContext, Draft with { DossierId = dossier.Id });
            return Redirect($"/interlinked/{dossier.Id}");
        }

        if (submitted.Problem is { } problem)
        {
            Show(problem);
        }

        return Page();
    }

    private void Show(ApiProblem problem)
    {
        var shown = false;
        foreach (var (field, messages) in problem.Errors.Append(new(problem.Field ?? "", [problem.Title])))
        {
            if (field == "documents")
            {
                foreach (var document in Procedure.Version.RequiredDocuments)
                {
                    Errors.TryAdd(FileInput(document.Code), ProblemText.For(problem));
                }

                shown = true;
            }
            else if (Inputs.TryGetValue(field, out var input))
            {
                Errors.TryAdd(input, InterlinkedErrors.Message(field, messages.FirstOrDefault() ?? ""));
                shown = true;
            }
        }

        if (!shown)
        {
            Banner = ProblemText.For(problem);
        }
    }

    protected static DateOnly? DayOf(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    protected static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The platform's messages for the declarations' fields, said in Vietnamese first.</summary>
internal static class InterlinkedErrors
{
    public static string Message(string field, string platformMessage)
    {
        // The platform's rules are written in English ("Must be …"); a message it wrote in Vietnamese (the registry's refusal) is shown as it is.
        if (Words.English || !platformMessage.StartsWith("Must", StringComparison.Ordinal))
        {
            return platformMessage;
        }

        return field switch
        {
            "agency" => "Hãy chọn phường, xã tiếp nhận hồ sơ.",
            "child.fullName" => "Nhập họ, chữ đệm và tên của trẻ, tối đa 200 ký tự.",
            "child.dateOfBirth" => "Nhập ngày sinh của trẻ: không sau hôm nay, và trẻ dưới 6 tuổi.",
            "child.gender" => "Chọn giới tính của trẻ: Nam hoặc Nữ.",
            "child.placeOfBirth" => "Nhập nơi sinh của trẻ, tối đa 200 ký tự.",
            "mother.personalId" => "Số định danh cá nhân của mẹ không hợp lệ: 12 chữ số, như in trên căn cước.",
            "father.personalId" => "Số định danh cá nhân của cha không hợp lệ: 12 chữ số, như in trên căn cước.",
            "residence.householderPersonalId" or "householderPersonalId" => "Số định danh cá nhân của chủ hộ không hợp lệ: 12 chữ số, như in trên căn cước.",
            "deceased.personalId" => "Số định danh cá nhân của người chết không hợp lệ: 12 chữ số, như in trên căn cước.",
            "residence.address" or "address" => "Nhập địa chỉ thường trú, tối đa 200 ký tự.",
            "deceased.dateOfDeath" => "Nhập ngày chết, không sau hôm nay.",
            "deceased.placeOfDeath" => "Nhập nơi chết, tối đa 200 ký tự.",
            "relationship" => "Nhập quan hệ của bạn với người chết, ví dụ “Con”, tối đa 200 ký tự.",
            _ when field.EndsWith(".fullName", StringComparison.Ordinal) => "Nhập họ và tên, tối đa 200 ký tự.",
            _ => platformMessage,
        };
    }
}
