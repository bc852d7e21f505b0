using System.Security.Claims;
using System.Security.Cryptography;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>Where signing a result stands; <c>NotRequested</c> before a head asks.</summary>
internal sealed record SigningView(string Status, int Attempt, string? TransactionId, string? Reason, DateTimeOffset? SignedAt, int? RecordedInVersion);

/// <summary>A result document with its signature checked now, against the roots the platform trusts.</summary>
internal sealed record ResultView(
    Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, SigningView Signing, SignatureVerification? Verification);

/// <summary>An official's upload of a result document to a dossier of their agency.</summary>
internal sealed record UploadDossierResultRequest(
    Guid Id, HttpRequest Request, ClaimsPrincipal User, DossierAccess Access, ResultStore Results, TrustedSigningRoots Roots, CancellationToken CancellationToken);

/// <summary>A read of a dossier's result documents by one of its viewers.</summary>
internal sealed record ListDossierResultsRequest(
    Guid Id, ClaimsPrincipal User, DossierAccess Access, ResultStore Results, TrustedSigningRoots Roots, CancellationToken CancellationToken);

/// <summary>A read of one result document (its view, its PDF or its signature) by one of the dossier's viewers.</summary>
internal sealed record DossierResultReadRequest(
    Guid Id, Guid ResultId, ClaimsPrincipal User, DossierAccess Access, ResultStore Results, TrustedSigningRoots Roots, CancellationToken CancellationToken)
{
    /// <summary>The result, or null when the caller may not see the dossier or it has no such result.</summary>
    public async Task<StoredResult?> FindVisibleAsync() =>
        await Access.VisibleAsync(Id, User, CancellationToken) is null ? null : await Results.FindAsync(Id, ResultId, CancellationToken);
}

/// <summary>A head's request to have a result of a dossier of their agency signed.</summary>
internal sealed record SignDossierResultRequest(
    Guid Id, Guid ResultId, ClaimsPrincipal User, HttpContext Http, DossierAccess Access, ResultStore Results, IDigitalSignatureProvider Signatures,
    CancellationToken CancellationToken);

/// <summary>An official's read of where signing a result stands, which records a completed signature on the dossier.</summary>
internal sealed record GetDossierResultSigningRequest(
    Guid Id, Guid ResultId, ClaimsPrincipal User, HttpContext Http, DossierAccess Access, DossierQueries Queries, ResultStore Results,
    IDigitalSignatureProvider Signatures, IGrainFactory Grains, CancellationToken CancellationToken);

/// <summary>
/// The documents a dossier returns: uploaded by its agency's officials, signed by a head through the configured
/// <see cref="IDigitalSignatureProvider"/>, verified on every read, downloaded by the applicant.
/// </summary>
internal static class ResultsApi
{
    private const string RetryAfterSeconds = "30";

    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder endpoints)
    {
        // The dossier's viewers read its results; its agency's officials add them and its heads sign them (DossierAccess).
        var results = endpoints.MapGroup("/api/dossiers/{id:guid}/results").WithTags("Dossier results").RequireAuthorization();
        results.MapPost("/", UploadDossierResult).RequireAuthorization(PlatformPolicies.Official).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .RequireRateLimiting(DossierRateLimits.Uploads).WithName("UploadDossierResult")
            .WithSummary("An official of the dossier's agency adds a result document (a PDF in the multipart field 'file') while the dossier is in processing or processed.");
        results.MapGet("/", ListDossierResults).WithName("ListDossierResults")
            .WithSummary("The dossier's result documents, each with where its signing stands and its signature checked now.");
        results.MapGet("/{resultId:guid}", GetDossierResult).WithName("GetDossierResult")
            .WithSummary("One result document of the dossier, with where its signing stands and its signature checked now.");
        results.MapGet("/{resultId:guid}/content", DownloadDossierResult).WithName("DownloadDossierResult")
            .WithSummary("A result document's PDF as uploaded.");
        results.MapGet("/{resultId:guid}/signature", DownloadDossierResultSignature).WithName("DownloadDossierResultSignature")
            .WithSummary("A signed result's detached CMS signature (.p7s).");
        results.MapPost("/{resultId:guid}/signing", SignDossierResult).RequireAuthorization(PlatformPolicies.Head).WithName("SignDossierResult")
            .WithSummary("A head of the dossier's agency asks the configured signing provider to sign the result's SHA-256; a retry finds the same request.");
        results.MapGet("/{resultId:guid}/signing", GetDossierResultSigning).RequireAuthorization(PlatformPolicies.Official).WithName("GetDossierResultSigning")
            .WithSummary("Where signing the result stands; a completed signature is stored and recorded on the dossier once.");
        return endpoints;
    }

    internal static async Task<Results<Created<ResultView>, ProblemHttpResult>> UploadDossierResult([AsParameters] UploadDossierResultRequest upload)
    {
        var (id, user, results, cancellationToken) = (upload.Id, upload.User, upload.Results, upload.CancellationToken);
        if (await upload.Access.OfOwnAgencyAsync(id, user, cancellationToken) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
        }

        if (dossier.Status is not (DossierStatus.Processing or DossierStatus.Processed))
        {
            return NotNow(dossier, "A result is added to a dossier in processing (4) or processed (9).");
        }

        var (file, content, refused) = await UploadedFiles.ReadAsync(upload.Request, AttachmentStore.MaxSize, cancellationToken);
        if (refused is { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return refused;
        }

        if (file is not { ContentType: "application/pdf" } || !UploadedFiles.LooksLike(file.ContentType, content))
        {
            return UploadedFiles.Invalid(
                $"Send the result as a PDF (application/pdf, at most {AttachmentStore.MaxSize / (1024 * 1024)} MB) in the multipart field 'file'.", "The result was not accepted.");
        }

        var stored = await results.AddAsync(id, Path.GetFileName(file!.FileName), file.ContentType, content, DossierAccess.ActorOf(user, PlatformRoles.Official).UserId, cancellationToken);
        return TypedResults.Created($"/api/dossiers/{id}/results/{stored.Id}", View(stored, null, upload.Roots));
    }

    internal static async Task<Results<Ok<List<ResultView>>, ProblemHttpResult>> ListDossierResults([AsParameters] ListDossierResultsRequest request)
    {
        var (id, results, cancellationToken) = (request.Id, request.Results, request.CancellationToken);
        if (await request.Access.VisibleAsync(id, request.User, cancellationToken) is null)
        {
            return DossierAccess.NotFound(id);
        }

        var views = new List<ResultView>();
        foreach (var result in await results.OfDossierAsync(id, cancellationToken))
        {
            views.Add(View(result, result.Signature is null ? null : await results.ContentAsync(id, result.Id, cancellationToken), request.Roots));
        }

        return TypedResults.Ok(views);
    }

    internal static async Task<Results<Ok<ResultView>, ProblemHttpResult>> GetDossierResult([AsParameters] DossierResultReadRequest request) =>
        await request.FindVisibleAsync() is { } result
            ? TypedResults.Ok(View(
                result, result.Signature is null ? null : await request.Results.ContentAsync(request.Id, request.ResultId, request.CancellationToken), request.Roots))
            : NoResult(request.Id, request.ResultId);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadDossierResult([AsParameters] DossierResultReadRequest request) =>
        await request.FindVisibleAsync() is { } result
        && await request.Results.ContentAsync(request.Id, request.ResultId, request.CancellationToken) is { } content
            ? TypedResults.File(content, result.ContentType, result.FileName)
            : NoResult(request.Id, request.ResultId);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadDossierResultSignature([AsParameters] DossierResultReadRequest request)
    {
        var resultId = request.ResultId;
        if (await request.FindVisibleAsync() is not { } result)
        {
            return NoResult(request.Id, resultId);
        }

        return result.Signature is { } signature
            ? TypedResults.File(signature, "application/pkcs7-signature", $"{Path.GetFileNameWithoutExtension(result.FileName)}.p7s")
            : TypedResults.Problem(title: "This result is not signed yet.", detail: $"Result {resultId} has no signature; a head of the agency signs it.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// A head asks the configured provider to have the document's SHA-256 signed. The request id is the result's id and
    /// attempt, so a retried call finds the same transaction; after a rejection or expiry the next call is a new attempt.
    /// </summary>
    internal static async Task<Results<Accepted<SigningView>, ProblemHttpResult, ValidationProblem>> SignDossierResult([AsParameters] SignDossierResultRequest request)
    {
        var (id, resultId, user, results, cancellationToken) = (request.Id, request.ResultId, request.User, request.Results, request.CancellationToken);
        if (await request.Access.OfOwnAgencyAsync(id, user, cancellationToken) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
        }

        if (dossier.Status is not (DossierStatus.Processing or DossierStatus.Processed))
        {
            return NotNow(dossier, "A result is signed while its dossier is in processing (4) or processed (9).");
        }

        if (await results.FindAsync(id, resultId, cancellationToken) is not { } result)
        {
            return NoResult(id, resultId);
        }

        if (result.Signature is not null)
        {
            return TypedResults.Problem(title: "This result is already signed.", detail: $"Result {resultId} was signed at {result.SignedAt:O}.", statusCode: StatusCodes.Status409Conflict);
        }

        var signerId = user.FindFirstValue(KeycloakClaims.PersonalId) ?? user.FindFirstValue(KeycloakClaims.PreferredUsername);
        if (signerId is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["signer"] = ["Your account has no personal ID to sign with."] });
        }

        var attempt = result.SigningStatus == SigningStatus.Pending ? result.SigningAttempt : result.SigningAttempt + 1;
        var requested = await request.Signatures.RequestSignatureAsync(
            new SignHashRequest($"{resultId:N}-{attempt}", signerId, null, result.Sha256, HashAlgorithmName.SHA256, $"Kết quả hồ sơ {dossier.Code}: {result.FileName}"),
            cancellationToken);
        if (!requested.Succeeded)
        {
            return VendorProblem(request.Http, requested.Failure, "signer");
        }

        var transaction = requested.Value;
        if (!await results.StartSigningAsync(resultId, attempt, transaction.TransactionId, signerId, DossierAccess.ActorOf(user, PlatformRoles.Head).UserId, cancellationToken))
        {
            return TypedResults.Problem(title: "Another signing request for this result was recorded first.", detail: "Read GET …/signing and try again.", statusCode: StatusCodes.Status409Conflict);
        }

        var view = new SigningView(transaction.Status.ToString(), attempt, transaction.TransactionId, transaction.Reason, null, null);
        return TypedResults.Accepted($"/api/dossiers/{id}/results/{resultId}/signing", view);
    }

    /// <summary>
    /// Where signing stands; while pending it asks the provider. A completed signature is fetched, stored and recorded
    /// on the dossier as a <see cref="DossierAction.SignResult"/> event (once, whoever asks first).
    /// </summary>
    internal static async Task<Results<Ok<SigningView>, ProblemHttpResult>> GetDossierResultSigning([AsParameters] GetDossierResultSigningRequest request)
    {
        var (id, resultId, http, results, signatures, cancellationToken) =
            (request.Id, request.ResultId, request.Http, request.Results, request.Signatures, request.CancellationToken);
        if (await request.Access.OfOwnAgencyAsync(id, request.User, cancellationToken) is null || await results.FindAsync(id, resultId, cancellationToken) is not { } result)
        {
            return NoResult(id, resultId);
        }

        if (result is { SigningStatus: SigningStatus.Pending, SigningTransaction: { } transactionId, Signature: null })
        {
            var polled = await signatures.GetTransactionAsync(transactionId, cancellationToken);
            if (polled is { Succeeded: false, Failure.Code: VendorFailureCodes.NotFound })
            {
                // The vendor lost the request (a restarted sandbox forgets them): it can no longer complete, so a head may ask again.
                await results.EndSigningAsync(resultId, transactionId, SigningStatus.Expired, $"The vendor no longer knows this request: {polled.Failure.Message}", cancellationToken);
            }
            else if (!polled.Succeeded)
            {
                return VendorProblem(http, polled.Failure, "transactionId");
            }
            else if (polled.Value.Status == SigningStatus.Completed)
            {
                var signature = await signatures.GetSignatureAsync(transactionId, cancellationToken);
                if (!signature.Succeeded)
                {
                    return VendorProblem(http, signature.Failure, "transactionId");
                }

                await results.StoreSignatureAsync(resultId, transactionId, signature.Value.Cms.ToArray(), signature.Value.SignedAt, cancellationToken);
            }
            else if (polled.Value.Status is SigningStatus.Rejected or SigningStatus.Expired)
            {
                await results.EndSigningAsync(resultId, transactionId, polled.Value.Status, polled.Value.Reason, cancellationToken);
            }

            result = (await results.FindAsync(id, resultId, cancellationToken))!;
        }

        if (result is { Signature: not null, SignedEventVersion: null })
        {
            result = await RecordSignedAsync(id, result, request.Grains, request.Queries, results, cancellationToken);
        }

        return TypedResults.Ok(Signing(result));
    }

    private static async Task<StoredResult> RecordSignedAsync(
        Guid id, StoredResult result, IGrainFactory grains, DossierQueries queries, ResultStore results, CancellationToken cancellationToken)
    {
        // Two officials polling at once both see the signature; only the one holding the claim appends the event.
        if (!await results.ClaimRecordingAsync(result.Id, cancellationToken))
        {
            return result;
        }

        for (var tries = 0; tries < 3; tries++)
        {
            if (await queries.FindAsync(id, cancellationToken) is not { Status: DossierStatus.Processing or DossierStatus.Processed } dossier)
            {
                break;
            }

            var head = new Actor(result.SigningRequestedBy ?? result.UploadedBy, PlatformRoles.Head, dossier.Agency);
            var recorded = await grains.GetGrain<IDossierGrain>(id).ActAsync(new DossierCommand(
                DossierAction.SignResult, dossier.Version, head, $"Result {result.FileName} ({result.Id}) signed; SHA-256 {Convert.ToHexStringLower(result.Sha256)}."));
            if (recorded.Dossier is { } after)
            {
                await results.MarkRecordedAsync(result.Id, after.Version, cancellationToken);
                break;
            }
        }

        return (await results.FindAsync(id, result.Id, cancellationToken))!;
    }

    private static ResultView View(StoredResult result, byte[]? content, TrustedSigningRoots roots) => new(
        result.Id, result.FileName, result.ContentType, result.Size, Convert.ToHexStringLower(result.Sha256), result.UploadedAt, Signing(result),
        result.Signature is { } signature && content is not null ? CmsSignatureVerifier.Verify(signature, content, roots.Load()) : null);

    private static SigningView Signing(StoredResult result) => new(
        result.SigningStatus?.ToString() ?? "NotRequested", result.SigningAttempt, result.SigningTransaction, result.SigningReason, result.SignedAt, result.SignedEventVersion);

    private static ProblemHttpResult NoResult(Guid id, Guid resultId) =>
        TypedResults.Problem(title: "No result has this id.", detail: $"Dossier {id} has no result {resultId} visible to you.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NotNow(DossierSummary dossier, string rule) =>
        TypedResults.Problem(title: rule, detail: $"Dossier {dossier.Code} is in status {dossier.StatusCode} ({dossier.Status}).", statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["field"] = "status" });

    /// <summary>A vendor failure as a problem: unreachable means 503 with Retry-After, anything else names the vendor's code.</summary>
    internal static ProblemHttpResult VendorProblem(HttpContext http, VendorFailure failure, string field)
    {
        if (failure.IsUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
            return TypedResults.Problem(
                title: "The vendor cannot be reached now; nothing was changed. Try again later.", detail: failure.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = failure.Code });
        }

        return TypedResults.Problem(
            title: $"The vendor refused the request ({failure.Code}).", detail: failure.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["code"] = failure.Code, ["field"] = field });
    }
}
