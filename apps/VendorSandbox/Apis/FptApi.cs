using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HanoiEgov.VendorSandbox.Population;
using HanoiEgov.VendorSandbox.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

internal sealed record FptCertificatesRequest(string? UserId);

internal sealed record FptDocument(string? DocumentName, string? Hash, string? HashAlgorithm);

internal sealed record FptSignRequest(string? UserId, string? CertificateSerial, IReadOnlyList<FptDocument>? Documents, string? Message, string? RequestId);

internal sealed record FptConsent(string? Reference, DateTimeOffset? GivenAt);

internal sealed record FptLookupRequest(string? PersonalId, string? Purpose, FptConsent? Consent, string? RequestedBy);

internal sealed record FptBirthRequest(
    string? RequestId, string? FullName, DateOnly? DateOfBirth, string? Gender, string? PlaceOfBirth, string? MotherPersonalId, string? FatherPersonalId,
    string? BirthRegistrationNumber, string? Address, string? RequestedBy);

/// <summary>
/// FPT's face: eSign/CA remote signing (certificates by user ID; a sign request answered with a bill code to poll
/// while the signer authorises in the FPT.eSign app) and the eKYC population lookup, which refuses a lookup
/// without a stated purpose and the citizen's consent and records every lookup. The relying party authenticates
/// with HTTP Basic. Registering a birth issues the child's personal ID and adds the child to the population. Answers carry <c>responseCode</c> (0 = success, 1007 = waiting for the signer).
/// </summary>
internal static class FptApi
{
    public const int Success = 0;
    public const int Waiting = 1007;
    public const int RejectedBySigner = 1008;
    public const int Expired = 1009;
    public const int InvalidCredentials = 3005;
    public const int InvalidUserId = 3006;
    public const int CertificateNotFound = 3007;
    public const int InvalidDocument = 3008;
    public const int BillNotFound = 3009;
    public const int DuplicateRequest = 3010;
    public const int InvalidPersonalId = 4001;
    public const int PurposeRequired = 4002;
    public const int ConsentRequired = 4003;
    public const int CitizenNotFound = 4004;
    public const int DuplicateBirth = 4005;
    public const int InvalidBirth = 4006;

    public static void MapFptApi(this IEndpointRouteBuilder app)
    {
        var esign = app.MapGroup("/fpt/esign/v1").WithTags("FPT eSign").AllowAnonymous().WithSandboxLatency();
        esign.MapPost("/certificates", Certificates);
        esign.MapPost("/sign", Sign);
        esign.MapGet("/sign/{billCode}", Bill);

        var ekyc = app.MapGroup("/fpt/ekyc/v1").WithTags("FPT eKYC").AllowAnonymous().WithSandboxLatency();
        ekyc.MapPost("/citizens/lookup", Lookup);
        ekyc.MapPost("/citizens/births", Birth);
        ekyc.MapGet("/lookups", Lookups);
    }

    private static JsonHttpResult<Dictionary<string, object?>> Certificates(HttpRequest http, FptCertificatesRequest request, SandboxOptions options, SandboxFaces faces, PopulationRegistry population)
    {
        if (!Authorised(http, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");
        }

        if (!PopulationRegistry.IsWellFormed(request.UserId))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidUserId, "userId must be a 12-digit personal ID");
        }

        var face = faces[SandboxFaces.Fpt];
        var certificates = SandboxCommon.Signer(face, population, request.UserId!) is (_, var certificate)
            ? new[]
            {
                new Dictionary<string, object?>
                {
                    ["certificateSerial"] = SandboxFaces.CredentialId(certificate),
                    ["subjectDN"] = certificate.Subject,
                    ["issuerDN"] = certificate.Issuer,
                    ["validFrom"] = certificate.NotBefore.ToUniversalTime(),
                    ["validTo"] = certificate.NotAfter.ToUniversalTime(),
                    ["certificate"] = SandboxCommon.Base64(certificate),
                    ["certificateChain"] = new[] { SandboxCommon.Base64(face.Authority.Issuing), SandboxCommon.Base64(face.Authority.Root) },
                },
            }
            : [];
        return TypedResults.Json(new Dictionary<string, object?>
        {
            ["responseCode"] = Success,
            ["responseMessage"] = "SUCCESSFULLY",
            ["certificates"] = certificates,
        });
    }

    private static JsonHttpResult<Dictionary<string, object?>> Sign(HttpRequest http, FptSignRequest request, SandboxOptions options, SandboxFaces faces, PopulationRegistry population, SigningDesk desk)
    {
        if (!Authorised(http, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");
        }

        if (!PopulationRegistry.IsWellFormed(request.UserId))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidUserId, "userId must be a 12-digit personal ID");
        }

        if (SandboxCommon.Signer(faces[SandboxFaces.Fpt], population, request.UserId!) is not (var person, var certificate)
            || !string.Equals(request.CertificateSerial, SandboxFaces.CredentialId(certificate), StringComparison.OrdinalIgnoreCase))
        {
            return Answer(StatusCodes.Status404NotFound, CertificateNotFound, "the user has no certificate with that certificateSerial");
        }

        if (request.Documents is not { Count: > 0 and <= 20 } documents)
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidDocument, "documents must list 1 to 20 hashes");
        }

        var hashes = new List<HashToSign>();
        HashAlgorithmName? algorithm = null;
        foreach (var (document, index) in documents.Select((document, index) => (document, index)))
        {
            HashAlgorithmName? named = document.HashAlgorithm?.ToUpperInvariant() switch
            {
                "SHA-256" or "SHA256" => HashAlgorithmName.SHA256,
                "SHA-384" or "SHA384" => HashAlgorithmName.SHA384,
                "SHA-512" or "SHA512" => HashAlgorithmName.SHA512,
                _ => null,
            };
            if (named is null || (algorithm is not null && algorithm != named)
                || SandboxCommon.FromBase64(document.Hash) is not { } hash || HashAlgorithms.ForLength(hash.Length) != named)
            {
                return Answer(StatusCodes.Status400BadRequest, InvalidDocument, $"documents[{index}] needs a base64 hash and its hashAlgorithm (SHA-256, SHA-384 or SHA-512, one for all)");
            }

            algorithm = named;
            hashes.Add(new HashToSign(document.DocumentName ?? $"document-{index}", hash));
        }

        var transaction = desk.Start(SandboxFaces.Fpt, person, SandboxFaces.CredentialId(certificate), algorithm!.Value, hashes, request.Message ?? "", request.RequestId);
        if (transaction is null)
        {
            return Answer(StatusCodes.Status409Conflict, DuplicateRequest, $"requestId '{request.RequestId}' was used for another request");
        }

        return TypedResults.Json(Describe(transaction), statusCode: transaction.Status == SigningStatus.Pending ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static JsonHttpResult<Dictionary<string, object?>> Bill(HttpRequest http, string billCode, SandboxOptions options, SigningDesk desk)
    {
        if (!Authorised(http, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");
        }

        return desk.Find(SandboxFaces.Fpt, billCode) is { } transaction
            ? TypedResults.Json(Describe(transaction))
            : Answer(StatusCodes.Status404NotFound, BillNotFound, $"no bill '{billCode}'");
    }

    private static JsonHttpResult<Dictionary<string, object?>> Lookup(HttpRequest http, FptLookupRequest request, SandboxOptions options, PopulationRegistry population, TimeProvider time)
    {
        if (!Authorised(http, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");
        }

        if (!PopulationRegistry.IsWellFormed(request.PersonalId))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidPersonalId, "personalId must be 12 digits");
        }

        if (string.IsNullOrWhiteSpace(request.Purpose))
        {
            return Answer(StatusCodes.Status400BadRequest, PurposeRequired, "purpose is required: why the data is processed (Decree 13/2023)");
        }

        if (request.Consent is not { Reference: { Length: > 0 } reference, GivenAt: { } givenAt } || givenAt > time.GetUtcNow())
        {
            return Answer(StatusCodes.Status400BadRequest, ConsentRequired, "consent.reference and consent.givenAt (not in the future) are required");
        }

        var person = population.Find(request.PersonalId!);
        var lookup = new PopulationLookup(
            Guid.NewGuid(), time.GetUtcNow(), options.Fpt.RelyingParty, request.RequestedBy ?? "", request.PersonalId!, request.Purpose, reference, givenAt, person is not null);
        population.Record(lookup);
        return person is null
            ? Answer(StatusCodes.Status404NotFound, CitizenNotFound, "no citizen with that personalId")
            : TypedResults.Json(new Dictionary<string, object?> { ["responseCode"] = Success, ["responseMessage"] = "SUCCESSFULLY", ["citizen"] = person, ["lookup"] = lookup });
    }

    private static JsonHttpResult<Dictionary<string, object?>> Birth(HttpRequest http, FptBirthRequest request, SandboxOptions options, PopulationRegistry population, TimeProvider time)
    {
        if (!Authorised(http, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");
        }

        if (!PopulationRegistry.IsWellFormed(request.MotherPersonalId) || (request.FatherPersonalId is not null && !PopulationRegistry.IsWellFormed(request.FatherPersonalId)))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidPersonalId, "motherPersonalId and fatherPersonalId must be 12-digit personal IDs");
        }

        if (request is not { RequestId.Length: > 0, FullName.Length: > 0, DateOfBirth: { } born, Gender: "Nam" or "Nữ", BirthRegistrationNumber.Length: > 0, RequestedBy.Length: > 0 }
            || born > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(7)))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidBirth, "requestId, fullName, dateOfBirth (not in the future), gender (Nam or Nữ), birthRegistrationNumber and requestedBy are required");
        }

        if (population.Find(request.MotherPersonalId!) is not { } mother)
        {
            return Answer(StatusCodes.Status404NotFound, CitizenNotFound, $"Cơ sở dữ liệu quốc gia về dân cư không có người mẹ có số định danh {request.MotherPersonalId}.");
        }

        if (request.FatherPersonalId is { } father && population.Find(father) is null)
        {
            return Answer(StatusCodes.Status404NotFound, CitizenNotFound, $"Cơ sở dữ liệu quốc gia về dân cư không có người cha có số định danh {father}.");
        }

        var fingerprint = System.Text.Json.JsonSerializer.Serialize(request with { RequestedBy = null });
        if (population.RegisterBirth(request.RequestId!, fingerprint, request.FullName!, born, request.Gender == "Nữ", mother) is not { } child)
        {
            return Answer(StatusCodes.Status409Conflict, DuplicateBirth, $"requestId '{request.RequestId}' was used for another birth");
        }

        var record = new Dictionary<string, object?>
        {
            ["id"] = $"KS-{request.RequestId}",
            ["purpose"] = $"Đăng ký khai sinh số {request.BirthRegistrationNumber}",
            ["consentReference"] = request.RequestId,
            ["requestedBy"] = request.RequestedBy,
            ["at"] = time.GetUtcNow(),
        };
        return TypedResults.Json(new Dictionary<string, object?> { ["responseCode"] = Success, ["responseMessage"] = "SUCCESSFULLY", ["citizen"] = child, ["lookup"] = record });
    }

    private static JsonHttpResult<Dictionary<string, object?>> Lookups(HttpRequest http, SandboxOptions options, PopulationRegistry population) =>
        Authorised(http, options)
            ? TypedResults.Json(new Dictionary<string, object?> { ["responseCode"] = Success, ["lookups"] = population.Lookups.ToList() })
            : Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "INVALID RELYING PARTY CREDENTIALS");

    private static Dictionary<string, object?> Describe(SigningTransaction transaction)
    {
        var (code, message) = transaction.Status switch
        {
            SigningStatus.Completed => (Success, "SUCCESSFULLY"),
            SigningStatus.Rejected => (RejectedBySigner, "REJECTED BY SIGNER"),
            SigningStatus.Expired => (Expired, "AUTHORIZATION EXPIRED"),
            _ => (Waiting, "WAITING FOR AUTHORIZATION"),
        };
        return new Dictionary<string, object?>
        {
            ["responseCode"] = code,
            ["responseMessage"] = message,
            ["billCode"] = transaction.Id,
            ["requestId"] = transaction.ClientReference,
            ["status"] = transaction.Status.ToString().ToUpperInvariant(),
            ["expiresAt"] = transaction.ExpiresAt,
            ["signedAt"] = transaction.Status == SigningStatus.Completed ? transaction.AnsweredAt : null,
            ["signatures"] = transaction.Signatures.Select(signature => new Dictionary<string, string>
            {
                ["documentName"] = signature.DocumentId,
                ["signature"] = Convert.ToBase64String(signature.Signature),
            }).ToList(),
        };
    }

    private static bool Authorised(HttpRequest http, SandboxOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Headers.Authorization, out var header)
            || header is not { Scheme: "Basic", Parameter: { } parameter }
            || SandboxCommon.FromBase64(parameter) is not { } decoded)
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(decoded).Split(':', 2);
        return pair.Length == 2 && pair[0] == options.Fpt.RelyingParty && SandboxCommon.SecretEquals(pair[1], options.Fpt.RelyingPartyPassword);
    }

    private static JsonHttpResult<Dictionary<string, object?>> Answer(int status, int code, string message) =>
        TypedResults.Json(new Dictionary<string, object?> { ["responseCode"] = code, ["responseMessage"] = message }, statusCode: status);
}
