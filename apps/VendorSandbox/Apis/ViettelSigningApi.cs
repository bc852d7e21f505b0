using System.Collections.Concurrent;
using System.Security.Cryptography;
using HanoiEgov.VendorSandbox.Population;
using HanoiEgov.VendorSandbox.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

internal sealed record CscListRequest(string? UserID, int? MaxResults);

internal sealed record CscInfoRequest(string? CredentialID, string? Certificates, bool? CertInfo);

internal sealed record CscSignHashRequest(string? CredentialID, string? SAD, IReadOnlyList<string>? Hash, string? HashAlgo, string? SignAlgo, string? Description, string? ClientData);

/// <summary>
/// Viettel MySign on the Cloud Signature Consortium API v1: an OAuth2 client-credentials token, then
/// <c>credentials/list</c> by the user's personal ID, <c>credentials/info</c> and <c>signatures/signHash</c>.
/// MySign signs asynchronously, after the signer confirms in the MySign app: signHash answers 202 with a
/// transaction to poll at <c>signatures/transactions/{id}</c>, whose signatures are detached CMS (PKCS#7).
/// </summary>
internal static class ViettelSigningApi
{
    private static readonly string[] AuthTypes = ["oauth2client"];
    private static readonly string[] Methods = ["credentials/list", "credentials/info", "signatures/signHash"];
    private static readonly string[] KeyAlgorithms = ["1.2.840.113549.1.1.1"];

    public static void MapViettelSigningApi(this IEndpointRouteBuilder app)
    {
        var oauth = app.MapGroup("/viettel/oauth2").WithTags("Viettel MySign").AllowAnonymous().WithSandboxLatency();
        oauth.MapPost("/token", Token).DisableAntiforgery();

        var csc = app.MapGroup("/viettel/csc/v1").WithTags("Viettel MySign").AllowAnonymous().WithSandboxLatency();
        csc.MapPost("/info", Info);
        csc.MapPost("/credentials/list", List);
        csc.MapPost("/credentials/info", CredentialInfo);
        csc.MapPost("/signatures/signHash", SignHash);
        csc.MapGet("/signatures/transactions/{transactionId}", Transaction);
    }

    private static async Task<IResult> Token(HttpRequest request, SandboxOptions options, ViettelTokens tokens)
    {
        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "the token request must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be client_credentials");
        }

        if (form["client_id"] != options.Viettel.ClientId || !SandboxCommon.SecretEquals(form["client_secret"], options.Viettel.ClientSecret))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "client_id or client_secret is wrong");
        }

        var (token, lifetime) = tokens.Issue();
        return TypedResults.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
        });
    }

    private static JsonHttpResult<Dictionary<string, object>> Info() => TypedResults.Json(new Dictionary<string, object>
    {
        ["specs"] = "1.0.4.0",
        ["name"] = "Viettel MySign (sandbox)",
        ["region"] = "VN",
        ["lang"] = "vi-VN",
        ["authType"] = AuthTypes,
        ["methods"] = Methods,
    });

    private static IResult List(HttpRequest http, CscListRequest request, ViettelTokens tokens, SandboxFaces faces, PopulationRegistry population)
    {
        if (!tokens.IsValid(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_token", "a valid bearer token from /viettel/oauth2/token is required");
        }

        if (!PopulationRegistry.IsWellFormed(request.UserID))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "userID must be a 12-digit personal ID");
        }

        var signer = SandboxCommon.Signer(faces[SandboxFaces.Viettel], population, request.UserID!);
        return TypedResults.Json(new Dictionary<string, object>
        {
            ["credentialIDs"] = signer is var (person, certificate) ? [CredentialId(person, certificate)] : Array.Empty<string>(),
        });
    }

    private static IResult CredentialInfo(HttpRequest http, CscInfoRequest request, ViettelTokens tokens, SandboxFaces faces, PopulationRegistry population)
    {
        if (!tokens.IsValid(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_token", "a valid bearer token from /viettel/oauth2/token is required");
        }

        var face = faces[SandboxFaces.Viettel];
        if (Resolve(request.CredentialID, face, population) is not (_, var certificate))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "credentialID is unknown");
        }

        string[] chain = request.Certificates switch
        {
            "none" => [],
            "chain" => [SandboxCommon.Base64(certificate), SandboxCommon.Base64(face.Authority.Issuing), SandboxCommon.Base64(face.Authority.Root)],
            _ => [SandboxCommon.Base64(certificate)],
        };
        var cert = new Dictionary<string, object> { ["status"] = "valid", ["certificates"] = chain };
        if (request.CertInfo == true)
        {
            cert["issuerDN"] = certificate.Issuer;
            cert["serialNumber"] = certificate.SerialNumber.ToLowerInvariant();
            cert["subjectDN"] = certificate.Subject;
            cert["validFrom"] = certificate.NotBefore.ToUniversalTime().ToString("yyyyMMddHHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            cert["validTo"] = certificate.NotAfter.ToUniversalTime().ToString("yyyyMMddHHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Json(new Dictionary<string, object>
        {
            ["key"] = new Dictionary<string, object> { ["status"] = "enabled", ["algo"] = KeyAlgorithms, ["len"] = 2048 },
            ["cert"] = cert,
            ["authMode"] = "oauth2code",
            ["SCAL"] = "2",
            ["multisign"] = 20,
        });
    }

    private static IResult SignHash(HttpRequest http, CscSignHashRequest request, ViettelTokens tokens, SandboxFaces faces, PopulationRegistry population, SigningDesk desk)
    {
        if (!tokens.IsValid(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_token", "a valid bearer token from /viettel/oauth2/token is required");
        }

        if (Resolve(request.CredentialID, faces[SandboxFaces.Viettel], population) is not (var person, var certificate))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "credentialID is unknown");
        }

        if (request.Hash is not { Count: > 0 and <= 20 })
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "hash must list 1 to 20 base64 hashes");
        }

        HashAlgorithmName? algorithm = request.HashAlgo switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (algorithm is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "hashAlgo must be the OID of SHA-256, SHA-384 or SHA-512");
        }

        if (request.SignAlgo is not ("1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13"))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "signAlgo must be an RSA PKCS#1 v1.5 OID");
        }

        var hashes = new List<HashToSign>();
        foreach (var (text, index) in request.Hash.Select((text, index) => (text, index)))
        {
            if (SandboxCommon.FromBase64(text) is not { } hash || HashAlgorithms.ForLength(hash.Length) != algorithm)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request", $"hash[{index}] is not a base64 {algorithm.Value.Name} hash");
            }

            hashes.Add(new HashToSign(index.ToString(System.Globalization.CultureInfo.InvariantCulture), hash));
        }

        var transaction = desk.Start(SandboxFaces.Viettel, person, request.CredentialID!, algorithm.Value, hashes, request.Description ?? "", request.ClientData);
        if (transaction is null)
        {
            return Error(StatusCodes.Status409Conflict, "invalid_request", $"clientData '{request.ClientData}' was used for another request");
        }

        return TypedResults.Json(Describe(transaction), statusCode: transaction.Status == SigningStatus.Pending ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static IResult Transaction(HttpRequest http, string transactionId, ViettelTokens tokens, SigningDesk desk)
    {
        if (!tokens.IsValid(http))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_token", "a valid bearer token from /viettel/oauth2/token is required");
        }

        return desk.Find(SandboxFaces.Viettel, transactionId) is { } transaction
            ? TypedResults.Json(Describe(transaction))
            : Error(StatusCodes.Status404NotFound, "invalid_request", $"no transaction '{transactionId}'");
    }

    private static Dictionary<string, object?> Describe(SigningTransaction transaction) => new()
    {
        ["transactionID"] = transaction.Id,
        ["clientData"] = transaction.ClientReference,
        ["status"] = transaction.Status.ToString().ToUpperInvariant(),
        ["expiresAt"] = transaction.ExpiresAt,
        ["signedAt"] = transaction.Status == SigningStatus.Completed ? transaction.AnsweredAt : null,
        ["signatures"] = transaction.Signatures.Select(signature => Convert.ToBase64String(signature.Signature)).ToList(),
    };

    /// <summary>A MySign credential ID names its holder and certificate: <c>&lt;personal ID&gt;.&lt;serial&gt;</c>.</summary>
    private static string CredentialId(Person person, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        $"{person.PersonalId}.{SandboxFaces.CredentialId(certificate)}";

    private static (Person, System.Security.Cryptography.X509Certificates.X509Certificate2)? Resolve(string? credentialId, VendorFace face, PopulationRegistry population)
    {
        var parts = credentialId?.Split('.', 2);
        if (parts is not [var personalId, var serial] || !PopulationRegistry.IsWellFormed(personalId))
        {
            return null;
        }

        return SandboxCommon.Signer(face, population, personalId) is var (person, certificate)
               && string.Equals(serial, SandboxFaces.CredentialId(certificate), StringComparison.Ordinal)
            ? (person, certificate)
            : null;
    }

    private static JsonHttpResult<Dictionary<string, string>> Error(int status, string error, string description) =>
        TypedResults.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}

/// <summary>Opaque bearer tokens of the MySign OAuth2 server, valid for an hour.</summary>
internal sealed class ViettelTokens(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);

    public (string Token, TimeSpan Lifetime) Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        tokens[token] = time.GetUtcNow() + Lifetime;
        return (token, Lifetime);
    }

    public bool IsValid(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && tokens.TryGetValue(header["Bearer ".Length..].Trim(), out var expires)
            && expires > time.GetUtcNow();
    }
}
