using HanoiEgov.PortalShell.Drafts;
using Microsoft.AspNetCore.Http;

namespace HanoiEgov.PortalShell.Platform;

/// <summary>What the platform accepts as a document, told before upload and checked before anything is sent.</summary>
public static class UploadRules
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlyList<string> ContentTypes = ["application/pdf", "image/jpeg", "image/png"];

    public static string Accept => string.Join(',', ContentTypes);

    public static string Hint => Words.L("Tệp PDF, JPG hoặc PNG, tối đa 10 MB.", "A PDF, JPG or PNG file, at most 10 MB.");

    /// <summary>Why <paramref name="file"/> cannot be the document named <paramref name="document"/>, in the user's language; null when it can.</summary>
    public static string? Problem(IFormFile? file, string document) => file switch
    {
        null or { Length: 0 } => Words.L($"Hãy chọn tệp cho “{document}”.", $"Choose a file for “{document}”."),
        { Length: > MaxBytes } => Words.L(
            $"Tệp cho “{document}” lớn hơn 10 MB ({Words.FileSize(file.Length)}). Hãy chọn tệp nhỏ hơn.",
            $"The file for “{document}” is larger than 10 MB ({Words.FileSize(file.Length)}). Choose a smaller file."),
        _ when !ContentTypes.Contains(file.ContentType) => Words.L(
            $"Tệp cho “{document}” phải là PDF, JPG hoặc PNG; “{Path.GetFileName(file.FileName)}” không phải.",
            $"The file for “{document}” must be a PDF, JPG or PNG; “{Path.GetFileName(file.FileName)}” is not."),
        _ => null,
    };
}

/// <summary>A platform refusal said in the user's language, for the field it names.</summary>
public static class ProblemText
{
    public static string For(ApiProblem problem) => (problem.Field ?? problem.Errors.Keys.FirstOrDefault()) switch
    {
        "file" => problem.Status switch
        {
            409 => Words.L("Bạn đang có quá nhiều tệp tải lên chưa nộp. Hãy nộp hoặc bỏ bớt hồ sơ đang soạn rồi tải lại.",
                "You have too many uploaded files not yet submitted. Submit or discard a draft, then upload again."),
            413 => Words.L("Tệp lớn hơn 10 MB. Hãy chọn tệp nhỏ hơn.", "The file is larger than 10 MB. Choose a smaller file."),
            429 => Words.L("Bạn đã tải lên quá nhiều tệp trong ít phút. Vui lòng đợi một lát rồi thử lại.",
                "You uploaded too many files in a few minutes. Wait a moment, then try again."),
            _ => Words.L("Hệ thống không nhận tệp này (nội dung không đúng định dạng PDF, JPG, PNG, hoặc không qua được kiểm tra virus).",
                "The system did not accept this file (its content is not a PDF, JPG or PNG, or it failed the virus scan)."),
        },
        "payment" => problem.Status == 503
            ? Words.L("Chưa xác định được khoản thanh toán trực tuyến của hồ sơ nên chưa thu tiền mặt. Hãy thử lại sau ít phút.",
                "The dossier's online payment cannot be checked yet, so no cash was recorded. Try again in a few minutes.")
            : Words.L("Người nộp đã thanh toán trực tuyến cho lần yêu cầu này; không thu tiền mặt nữa.",
                "The applicant has paid this request online; do not take cash."),
        "code" => Words.L("Cơ quan đã cấp hết số hồ sơ của ngày hôm nay. Hãy nộp lại sau 0 giờ.",
            "The agency has given all of today's dossier numbers. Submit again after midnight."),
        "documents" => Words.L("Thiếu giấy tờ bắt buộc, hoặc một tệp đã tải lên không còn dùng được. Hãy tải lại.",
            "A required document is missing, or an uploaded file can no longer be used. Upload it again."),
        "agency" => Words.L("Cơ quan tiếp nhận không giải quyết thủ tục này. Hãy chọn phường, xã khác.",
            "This agency does not handle the procedure. Choose another ward or commune."),
        "expectedVersion" => Words.L("Hồ sơ vừa được cập nhật. Trang đã tải lại để bạn xem tình trạng mới nhất.",
            "The dossier has just changed. The page now shows its latest state."),
        "action" or "status" => Words.L("Hồ sơ đang ở trạng thái không cho phép thao tác này.", "The dossier's status does not allow this."),
        "reason" => Words.L("Hãy ghi rõ lý do.", "Give the reason."),
        "fees" => Words.L("Hồ sơ này không có khoản phí nào phải nộp.", "There is nothing to pay for this dossier."),
        "newDueAt" => Words.L("Ngày hẹn trả mới phải sau hạn hiện tại và sau thời điểm này.", "The new due time must be after the current one and after now."),
        "assigneeId" => Words.L("Cán bộ được chọn không thuộc cơ quan, không phải cán bộ xử lý, hoặc đã được giao hồ sơ này.",
            "The official chosen is not of the agency, not an official, or already assigned to this dossier."),
        "applicantId" or "personalId" => Words.L("Số định danh cá nhân không hợp lệ: 12 chữ số, như in trên căn cước.", "The personal ID is not valid: 12 digits, as on the identity card."),
        "applicantName" => Words.L("Họ và tên người nộp bắt buộc, tối đa 200 ký tự.", "The applicant's full name is required, at most 200 characters."),
        "applicantLookupId" => Words.L("Lần tra cứu Cơ sở dữ liệu dân cư không khớp với người nộp này; hãy tra cứu lại.",
            "The population-database lookup does not match this applicant; look them up again."),
        "purpose" or "consentReference" => Words.L("Cần ghi mục đích tra cứu và sự đồng ý của người nộp.", "The lookup's purpose and the applicant's consent are required."),
        "from" or "to" or "period" => Words.L("Khoảng thời gian không hợp lệ: ngày cuối phải sau ngày đầu, theo tuần tối đa 371 ngày, theo tháng tối đa 3 năm.",
            "The period is not valid: the end after the start, at most 371 days by week, 3 years by month."),
        "procedure" or "procedureCode" => Words.L("Không có thủ tục này trong danh mục.", "The catalogue has no such procedure."),
        "calendar" => Words.L("Chưa có lịch làm việc của năm này nên chưa tính được hạn giải quyết.", "The year's working calendar is missing, so no deadline can be counted."),
        _ => problem.Status == 429
            ? Words.L("Bạn đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.", "Too many tries. Wait a moment, then try again.")
            : Words.L($"Hệ thống không thực hiện được yêu cầu ({problem.Title}).", $"The system refused the request ({problem.Title})."),
    };
}

/// <summary>Staging a document at the platform, as every upload form of the portals does.</summary>
public static class DocumentUploads
{
    /// <summary>Checks a file as the document it is meant to be and stages it at the platform; the error names the document.</summary>
    public static async Task<(DraftDocument? Uploaded, string? Error)> UploadDocumentAsync(this PlatformApi api, IFormFile? file, RequiredDocument document)
    {
        if (UploadRules.Problem(file, document.Name) is { } problem)
        {
            return (null, problem);
        }

        var uploaded = await api.UploadAsync<Attachment>("/api/attachments", file!);
        return uploaded.Value is { } attachment
            ? (new DraftDocument(document.Code, attachment.Id, attachment.FileName, attachment.Size), null)
            : (null, $"{document.Name}: {ProblemText.For(uploaded.Problem!)}");
    }
}
