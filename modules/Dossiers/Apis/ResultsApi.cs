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

    internal static async Task<Results<Created<ResultView>, ProblemHttpResult>> UploadDossierResult(
        Guid id, HttpRequest request, ClaimsPrincipal user, DossierAccess access, ResultStore results, TrustedSigningRoots roots, CancellationToken cancellationToken)
    {
        if (await access.OfOwnAgencyAsync(id, user, cancellationToken) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
        }

        if (dossier.Status is not (DossierStatus.Processing or DossierStatus.Processed))
        {
            return NotNow(dossier, "A result is added to a dossier in processing (4) or processed (9).");
        }

        var (file, content, refused) = await UploadedFiles.ReadAsync(request, AttachmentStore.MaxSize, cancellationToken);
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
        return TypedResults.Created($"/api/dossiers/{id}/results/{stored.Id}", View(stored, null, roots));
    }

    internal static async Task<Results<Ok<List<ResultView>>, ProblemHttpResult>> ListDossierResults(
        Guid id, ClaimsPrincipal user, DossierAccess access, ResultStore results, TrustedSigningRoots roots, CancellationToken cancellationToken)
    {
        if (await access.VisibleAsync(id, user, cancellationToken) is null)
        {
            return DossierAccess.NotFound(id);
        }

        var views = new List<ResultView>();
        foreach (var result in await results.OfDossierAsync(id, cancellationToken))
        {
            views.Add(View(result, result.Signature is null ? null : await results.ContentAsync(id, result.Id, cancellationToken), roots));
        }

        return TypedResults.Ok(views);
    }

    internal static async Task<Results<Ok<ResultView>, ProblemHttpResult>> GetDossierResult(
        Guid id, Guid resultId, ClaimsPrincipal user, DossierAccess access, ResultStore results, TrustedSigningRoots roots, CancellationToken cancellationToken) =>
        await FindVisibleResultAsync(id, resultId, user, access, results, cancellationToken) is { } result
            ? TypedResults.Ok(View(result, result.Signature is null ? null : await results.ContentAsync(id, resultId, cancellationToken), roots))
            : NoResult(id, resultId);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadDossierResult(
        Guid id, Guid resultId, ClaimsPrincipal user, DossierAccess access, ResultStore results, CancellationToken cancellationToken) =>
        await FindVisibleResultAsync(id, resultId, user, access, results, cancellationToken) is { } result
        && await results.ContentAsync(id, resultId, cancellationToken) is { } content
            ? TypedResults.File(content, result.ContentType, result.FileName)
            : NoResult(id, resultId);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadDossierResultSignature(
        Guid id, Guid resultId, ClaimsPrincipal user, DossierAccess access, ResultStore results, CancellationToken cancellationToken)
    {
        if (await FindVisibleResultAsync(id, resultId, user, access, results, cancellationToken) is not { } result)
        {
            return NoResult(id, resultId);
        }

        return result.Signature is { } signature
            ? TypedResults.File(signature, "application/pkcs7-signature", $"{Path.GetFileNameWithoutExtension(result.FileName)}.p7s")
            : TypedResults.Problem(title: "This result is not signed yet.", detail: $"Result {resultId} has no signature; a head of the agency signs it.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// A head asks the configured provider to have the document's SHA-256 signed. The request id is the result's id and
    /// attempt, so a retried call finds the same transaction; after a rejection or expiry the next call is a new attempt.
    /// </summary>
    internal static async Task<Results<Accepted<SigningView>, ProblemHttpResult, ValidationProblem>> SignDossierResult(
        Guid id, Guid resultId, ClaimsPrincipal user, HttpContext http, DossierAccess access, ResultStore results, IDigitalSignatureProvider signatures,
        CancellationToken cancellationToken)
    {
        if (await access.OfOwnAgencyAsync(id, user, cancellationToken) is not { } dossier)
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
        var requested = await signatures.RequestSignatureAsync(
            new SignHashRequest($"{resultId:N}-{attempt}", signerId, null, result.Sha256, HashAlgorithmName.SHA256, $"Kết quả hồ sơ {dossier.Code}: {result.FileName}"),
            cancellationToken);
        if (!requested.Succeeded)
        {
            return VendorProblem(http, requested.Failure, "signer");
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
    internal static async Task<Results<Ok<SigningView>, ProblemHttpResult>> GetDossierResultSigning(
        Guid id, Guid resultId, ClaimsPrincipal user, HttpContext http, DossierAccess access, DossierQueries queries, ResultStore results, IDigitalSignatureProvider signatures,
        IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await access.OfOwnAgencyAsync(id, user, cancellationToken) is null || await results.FindAsync(id, resultId, cancellationToken) is not { } result)
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
            result = await RecordSignedAsync(id, result, grains, queries, results, cancellationToken);
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

    private static async Task<StoredResult?> FindVisibleResultAsync(
        Guid id, Guid resultId, ClaimsPrincipal user, DossierAccess access, ResultStore results, CancellationToken cancellationToken) =>
        await access.VisibleAsync(id, user, cancellationToken) is null ? null : await results.FindAsync(id, resultId, cancellationToken);

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
