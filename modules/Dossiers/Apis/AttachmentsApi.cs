using System.Security.Claims;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>An upload of a document to stage before it is submitted, with what checking and keeping it needs.</summary>
internal sealed record UploadAttachmentRequest(
    HttpRequest Request, ClaimsPrincipal User, AttachmentStore Attachments, IVirusScanner Scanner, IOptions<UploadQuotaOptions> Quota, CancellationToken CancellationToken)
{
    /// <summary>Why the uploaded file is refused, or null: empty, of a type not accepted, not of the type it claims, or found infected by the virus scan.</summary>
    public async Task<string?> ProblemAsync(IFormFile document, byte[] content) => document switch
    {
        { Length: 0 } => "The file is empty.",
        _ when !AttachmentStore.AllowedTypes.Contains(document.ContentType) => $"Only {string.Join(", ", AttachmentStore.AllowedTypes)} are accepted, not {document.ContentType}.",
        _ when !UploadedFiles.LooksLike(document.ContentType, content) => $"The file's content is not {document.ContentType}: it does not begin as such files do.",
        _ => await Scanner.ScanAsync(content, CancellationToken) is { } threat ? $"The file was refused by the virus scan ({threat})." : null,
    };
}

/// <summary>A read of a dossier's documents by a caller who may see the dossier.</summary>
internal sealed record DossierAttachmentsRequest(Guid Id, ClaimsPrincipal User, DossierAccess Access, AttachmentStore Attachments, CancellationToken CancellationToken);

/// <summary>
/// Documents: a citizen or a one-stop clerk stages one before submitting (or supplementing) a dossier; the dossier's
/// viewers (<see cref="DossierAccess"/>) list and download its documents.
/// </summary>
internal static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Dossiers").RequireAuthorization();
        api.MapPost("/attachments", UploadAttachment).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .RequireRateLimiting(DossierRateLimits.Uploads)
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.Citizen, PlatformRoles.OneStopClerk)).WithName("UploadAttachment")
            .WithSummary("Stages a document (multipart field 'file') for a submission or a supplement: a PDF or image within the size limit, clean by the virus scan, within the caller's quota.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/dossiers/{id:guid}/attachments", ListDossierAttachments).WithName("ListDossierAttachments")
            .WithSummary("The documents attached to the dossier, with their document codes, file names, types and sizes.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/dossiers/{id:guid}/attachments/{attachmentId:guid}/content", DownloadDossierAttachment).WithName("DownloadDossierAttachment")
            .WithSummary("One of the dossier's documents as it was uploaded, with its content type and original file name.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>
    /// Stages a document (multipart field <c>file</c>): read while it arrives and cut off past the size limit (413),
    /// of an accepted type whose bytes are of that type (400), clean by the virus scan (400), and within the caller's
    /// quota of staged uploads (409, <c>Dossiers:Uploads</c>); every refusal names <c>file</c>.
    /// </summary>
    internal static async Task<Results<Created<AttachmentInfo>, ProblemHttpResult>> UploadAttachment([AsParameters] UploadAttachmentRequest request)
    {
        var (file, content, refused) = await UploadedFiles.ReadAsync(request.Request, AttachmentStore.MaxSize, request.CancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var document = file!;
        if (await request.ProblemAsync(document, content) is { } problem)
        {
            return UploadedFiles.Invalid(problem);
        }

        var user = request.User;
        var owner = user.IsInRole(PlatformRoles.Citizen) ? user.FindFirstValue(KeycloakClaims.PersonalId)! : DossierAccess.ActorOf(user, PlatformRoles.OneStopClerk).UserId;
        var limits = request.Quota.Value;
        if (await request.Attachments.StageAsync(owner, Path.GetFileName(document.FileName), document.ContentType, content, limits, request.CancellationToken) is not { } stored)
        {
            return UploadedFiles.Refused(StatusCodes.Status409Conflict, "Too many documents are waiting to be submitted.",
                $"Bạn đang có quá nhiều giấy tờ đã tải lên nhưng chưa nộp (tối đa {limits.MaxStagedFiles} tệp, {limits.MaxStagedMegabytes} MB). Hãy nộp hồ sơ với các giấy tờ đã tải, hoặc đợi các tệp chưa dùng được tự động xoá, rồi tải tiếp. (At most {limits.MaxStagedFiles} files or {limits.MaxStagedMegabytes} MB may wait unsubmitted.)");
        }

        return TypedResults.Created($"/api/attachments/{stored.Id}", stored);
    }

    internal static async Task<Results<Ok<List<AttachmentInfo>>, ProblemHttpResult>> ListDossierAttachments([AsParameters] DossierAttachmentsRequest request) =>
        await request.Access.VisibleAsync(request.Id, request.User, request.CancellationToken) is null
            ? DossierAccess.NotFound(request.Id)
            : TypedResults.Ok(await request.Attachments.OfDossierAsync(request.Id, request.CancellationToken));

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadDossierAttachment([AsParameters] DossierAttachmentsRequest request, Guid attachmentId) =>
        await request.Access.VisibleAsync(request.Id, request.User, request.CancellationToken) is not null
        && await request.Attachments.ContentAsync(request.Id, attachmentId, request.CancellationToken) is { } document
            ? TypedResults.File(document.Content, document.ContentType, document.FileName)
            : TypedResults.Problem(
                title: "No document has this id.", detail: $"Dossier {request.Id} has no document {attachmentId} visible to you.", statusCode: StatusCodes.Status404NotFound);
}
