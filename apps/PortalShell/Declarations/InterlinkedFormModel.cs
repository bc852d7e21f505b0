using System.Globalization;
using System.Security.Claims;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static HanoiEgov.PortalShell.Declarations.FormValues;

namespace HanoiEgov.PortalShell.Declarations;

/// <summary>
/// What the interlinked declaration forms share, online and at the one-stop counter: the receiving commune (chosen
/// online; the clerk's own at the counter), the applicant a clerk names, the documents staged at the platform and kept
/// in a draft cookie (a refused try does not ask for the files again), one idempotency key for every try, and the
/// platform's refusals put next to the fields they name, with what was typed kept.
/// </summary>
public abstract class InterlinkedFormModel(PlatformApi api, DraftCookies drafts, bool atCounter, InterlinkedGroup group) : PageModel
{
    private static readonly Dictionary<string, string> OnlineInputs = new(StringComparer.Ordinal) { ["agency"] = "agency" };

    private static readonly Dictionary<string, string> CounterInputs = new(StringComparer.Ordinal)
    {
        ["applicant.personalId"] = "applicant-id",
        ["applicant.fullName"] = "applicant-name",
    };

    [BindProperty]
    public string? Agency { get; set; }

    /// <summary>At the counter: the person who brought the declaration.</summary>
    [BindProperty]
    public ApplicantFields Applicant { get; set; } = new();

    /// <summary>True on the back office's counter pages: a clerk registers the declaration for the applicant named.</summary>
    public bool AtCounter => atCounter;

    public Procedure Procedure { get; private set; } = null!;

    public Draft Draft { get; private set; } = null!;

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Banner { get; private set; }

    /// <summary>The submit button's words: the citizen submits, the clerk registers.</summary>
    public string SubmitLabel => atCounter ? Words.L("Tiếp nhận hồ sơ", "Register the dossier") : Words.L("Nộp hồ sơ", "Submit");

    /// <summary>birth or death: the form's id and its submit button's are named after it.</summary>
    public string Kind => group.Kind;

    /// <summary>
    /// What the declaration is for, from the group in force: its parts listed ("đăng ký khai sinh, đăng ký thường trú, …"),
    /// so a part the law adds (the child's identity card from 1/9/2026) is said without editing the page.
    /// </summary>
    public string PartsSentence
    {
        get
        {
            var names = (Procedure.Version.Parts ?? []).Select(part => char.ToLower(part.Name[0], new CultureInfo("vi-VN")) + part.Name[1..]).ToList();
            var count = names.Count switch { 2 => "hai", 3 => "ba", 4 => "bốn", 5 => "năm", var other => other.ToString(CultureInfo.InvariantCulture) };
            return Words.L(
                $"Một lần khai, {count} thủ tục, một mã hồ sơ ({Procedure.Code}): {string.Join(", ", names)}.",
                $"One declaration, {names.Count} procedures, one dossier code ({Procedure.Code}): {Procedure.NameEn}.");
        }
    }

    /// <summary>The receiving commune's name: the one chosen online, the clerk's at the counter.</summary>
    public string AgencyName => Agencies.FirstOrDefault(agency => agency.Code == Agency) is { } found ? Words.L(found.Name, found.NameEn) : Agency ?? "";

    /// <summary>The declaration as the platform reads it, from what was typed.</summary>
    protected abstract Dictionary<string, object?> Declaration();

    /// <summary>Fills in what the signed-in user is known to be, on a new form.</summary>
    protected abstract void Prefill();

    private string Owner => atCounter ? User.FindFirstValue("sub") ?? User.Identity!.Name! : User.FindFirstValue(KeycloakClaims.PersonalId)!;

    private string Scope => atCounter ? $"counter-interlinked-{group.Kind}" : $"interlinked-{group.Kind}";

    public string Error(string input) => Errors.GetValueOrDefault(input) ?? "";

    public static string FileInput(string documentCode) => $"file-{documentCode}";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(startNew: true))
        {
            return NotFound();
        }

        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(startNew: false))
        {
            return NotFound();
        }

        await StageUploadsAsync();
        return await SubmitAsync();
    }

    private async Task<bool> LoadAsync(bool startNew)
    {
        // The group in force today: the catalogue says which code a declaration of this kind is received under.
        var interlinked = (await api.GetAsync<Procedure[]>($"/api/procedures?field={Uri.EscapeDataString(InterlinkedWords.Field)}")).Value ?? [];
        if (interlinked.FirstOrDefault(candidate => candidate.Version.FirstPart == group.FirstPart) is not { } procedure)
        {
            return false;
        }

        Procedure = procedure;
        var draft = drafts.Read(HttpContext, Scope, Owner);
        Draft = draft is null || (startNew && draft.DossierId is not null) ? Draft.Start(Owner, Scope) : draft;
        if (!ReferenceEquals(draft, Draft))
        {
            drafts.Write(HttpContext, Draft);
        }

        var found = (await api.GetAsync<Agency[]>("/api/agencies?level=commune")).Value ?? [];
        Agencies = [.. found.OrderBy(agency => agency.Name, StringComparer.Create(new CultureInfo("vi-VN"), ignoreCase: true))];
        Agency = atCounter ? User.FindFirstValue(KeycloakClaims.Agency) : Agency ?? Draft.Agency;
        return true;
    }

    /// <summary>Stages each file chosen now; a document already staged stays unless replaced.</summary>
    private async Task StageUploadsAsync()
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
    private async Task<IActionResult> SubmitAsync()
    {
        if (Draft.DossierId is { } done)
        {
            return Redirect(Landing(done));
        }

        // A document not staged is said next to its input first: the declaration is sent only with every file in place.
        if (Errors.Count > 0)
        {
            return Page();
        }

        var body = Declaration();
        body["documents"] = Draft.Documents.Select(document => new { documentCode = document.DocumentCode, attachmentId = document.AttachmentId }).ToList();
        if (atCounter)
        {
            body["applicant"] = new { personalId = Trimmed(Applicant.ApplicantId), fullName = Trimmed(Applicant.ApplicantName) };
        }
        else
        {
            body["agency"] = Draft.Agency;
        }

        ApiResult<InterlinkedDossier> submitted;
        try
        {
            submitted = await api.PostAsync<InterlinkedDossier>($"/api/interlinked/{group.Route}{(atCounter ? "/counter" : "")}", body,
                new Dictionary<string, string> { ["Idempotency-Key"] = Draft.Key });
        }
        catch (PlatformUnavailableException)
        {
            Banner = atCounter
                ? Words.L("Chưa tiếp nhận được vì hệ thống đang gián đoạn. Mọi thông tin vẫn được giữ; hãy bấm “Tiếp nhận hồ sơ” lại sau ít phút – hồ sơ sẽ không bị tạo hai lần.",
                    "Not registered: the system is briefly unavailable. Everything is kept; press “Register” again in a few minutes – it will not be registered twice.")
                : Words.L("Chưa gửi được hồ sơ vì hệ thống đang gián đoạn. Mọi thông tin vẫn được giữ; hãy bấm “Nộp hồ sơ” lại sau ít phút – hồ sơ sẽ không bị nộp hai lần.",
                    "The dossier could not be sent: the system is briefly unavailable. Everything is kept; press “Submit” again in a few minutes – it will not be submitted twice.");
            return Page();
        }

        if (submitted.Value is { } dossier)
        {
            drafts.Write(HttpContext, Draft with { DossierId = dossier.Id });
            return Redirect(Landing(dossier.Id));
        }

        if (submitted.Problem is { } problem)
        {
            Show(problem);
        }

        return Page();
    }

    /// <summary>The interlinked dossier's page; at the counter it offers the receipt to print.</summary>
    private string Landing(Guid id) => atCounter ? $"/interlinked/{id}?done=registered" : $"/interlinked/{id}";

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
            else if (group.Inputs.TryGetValue(field, out var input) || (atCounter ? CounterInputs : OnlineInputs).TryGetValue(field, out input))
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
}

/// <summary>The platform's messages for the declarations' fields, said in Vietnamese first.</summary>
public static class InterlinkedErrors
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
            "applicant.personalId" => "Số định danh cá nhân của người nộp không hợp lệ: 12 chữ số, như in trên căn cước.",
            "applicant.fullName" => "Nhập họ và tên người nộp, tối đa 200 ký tự.",
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
            "relationship" => "Nhập quan hệ của người đi khai với người chết, ví dụ “Con”, tối đa 200 ký tự.",
            "survivors.form" => "Chọn hình thức hưởng trợ cấp tuất: hằng tháng hoặc một lần.",
            "survivors.relatives" => "Khi đề nghị hưởng trợ cấp tuất, kê khai ít nhất một thân nhân.",
            _ when field.StartsWith("survivors.", StringComparison.Ordinal) && field.EndsWith(".personalId", StringComparison.Ordinal) =>
                platformMessage.Contains("deceased", StringComparison.Ordinal) ? "Thân nhân không thể là người chết."
                : platformMessage.Contains("repeat", StringComparison.Ordinal) ? "Mỗi thân nhân chỉ kê khai một lần."
                : "Số định danh cá nhân của thân nhân không hợp lệ: 12 chữ số, như in trên căn cước.",
            _ when field.EndsWith(".relationship", StringComparison.Ordinal) => "Chọn quan hệ của thân nhân với người chết.",
            _ when field.EndsWith(".dateOfBirth", StringComparison.Ordinal) => "Nhập ngày sinh của thân nhân, không sau hôm nay.",
            _ when field.EndsWith(".fullName", StringComparison.Ordinal) => "Nhập họ và tên, tối đa 200 ký tự.",
            _ => platformMessage,
        };
    }
}

/// <summary>One group's declaration form: its fields bound under the inputs' own names.</summary>
public abstract class InterlinkedFormModel<TFields>(PlatformApi api, DraftCookies drafts, bool atCounter) : InterlinkedFormModel(api, drafts, atCounter, TFields.Group)
    where TFields : class, IDeclarationFields<TFields>
{
    [BindProperty]
    public TFields Fields { get; set; } = TFields.Empty;

    protected override Dictionary<string, object?> Declaration()
    {
        Fields = Fields.Tidied();
        return Fields.Declaration();
    }

    protected override void Prefill()
    {
        if (!AtCounter)
        {
            Fields = Fields.Prefilled(User);
        }
    }
}
