using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Viettel;

/// <summary>
/// Viettel MySign on the Cloud Signature Consortium API v1: a client-credentials token, <c>credentials/list</c> by
/// the user's personal ID, <c>credentials/info</c> for the certificate chain, and <c>signatures/signHash</c>,
/// which MySign answers with a transaction while the signer confirms in the MySign app. The caller's request id
/// travels as CSC <c>clientData</c>, so the same request is not put to the signer twice.
/// </summary>
internal sealed class ViettelMySignProvider(ViettelTokenSource tokens) : IDigitalSignatureProvider
{
    private const string RsaWithSha256 = "1.2.840.113549.1.1.11";

    public async Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken)
    {
        using var activity = ViettelTelemetry.Source.StartActivity("Viettel MySign credentials/list");
        var list = await tokens.SendAsync(() => Post("csc/v1/credentials/list", new { userID = signerId }), cancellationToken);
        if (!list.Succeeded)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(list.Failure).Traced(activity);
        }

        if (list.Value.Status == HttpStatusCode.BadRequest || !list.Value.IsSuccess)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"MySign knows no user '{signerId}': {list.Value.Text("error_description")}")).Traced(activity);
        }

        var certificates = new List<SignerCertificate>();
        foreach (var id in list.Value.Body.GetProperty("credentialIDs").EnumerateArray().Select(id => id.GetString()!))
        {
            var info = await tokens.SendAsync(() => Post("csc/v1/credentials/info", new { credentialID = id, certificates = "chain", certInfo = true }), cancellationToken);
            if (!info.Succeeded || !info.Value.IsSuccess)
            {
                return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(info.Succeeded ? Refused(info.Value) : info.Failure).Traced(activity);
            }

            var chain = info.Value.Body.GetProperty("cert").GetProperty("certificates").EnumerateArray().Select(item => Convert.FromBase64String(item.GetString()!)).ToList();
            using var certificate = X509CertificateLoader.LoadCertificate(chain[0]);
            certificates.Add(new SignerCertificate(
                id, signerId, certificate.Subject, certificate.Issuer, certificate.SerialNumber.ToLowerInvariant(),
                certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), chain[0], [.. chain.Skip(1).Select(item => (ReadOnlyMemory<byte>)item)]));
        }

        return certificates.Count == 0
            ? VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"MySign has no credential for '{signerId}'.")).Traced(activity)
            : VendorResult.Success<IReadOnlyList<SignerCertificate>>(certificates);
    }

    public async Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ViettelTelemetry.Source.StartActivity("Viettel MySign signatures/signHash");
        var hashOid = request.DigestAlgorithm == HashAlgorithmName.SHA256 ? "2.16.840.1.101.3.4.2.1"
            : request.DigestAlgorithm == HashAlgorithmName.SHA384 ? "2.16.840.1.101.3.4.2.2"
            : request.DigestAlgorithm == HashAlgorithmName.SHA512 ? "2.16.840.1.101.3.4.2.3"
            : null;
        if (!request.HasValidHash || hashOid is null)
        {
            return VendorResult.Fail<SigningTransaction>(new VendorFailure(VendorFailureCodes.InvalidHash, $"A {request.DigestAlgorithm.Name} hash of {request.Hash.Length} bytes cannot be signed; MySign signs SHA-256, SHA-384 or SHA-512 hashes.")).Traced(activity);
        }

        var credential = await SigningCredentials.ResolveAsync(this, request, cancellationToken);
        if (!credential.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(credential.Failure).Traced(activity);
        }

        var credentialId = credential.Value;

        var answer = await tokens.SendAsync(() => Post("csc/v1/signatures/signHash", new
        {
            credentialID = credentialId,
            numSignatures = 1,
            hash = new[] { Convert.ToBase64String(request.Hash.Span) },
            hashAlgo = hashOid,
            signAlgo = RsaWithSha256,
            description = request.DocumentName,
            clientData = request.RequestId,
        }), cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(answer.Failure).Traced(activity);
        }

        VendorResult<SigningTransaction> result = answer.Value.Status switch
        {
            HttpStatusCode.OK or HttpStatusCode.Accepted => Transaction(answer.Value.Body),
            HttpStatusCode.Conflict => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"MySign: {answer.Value.Text("error_description")}"),
            _ when answer.Value.Text("error_description")?.StartsWith("credentialID", StringComparison.Ordinal) == true =>
                new VendorFailure(VendorFailureCodes.UnknownSigner, $"MySign: {answer.Value.Text("error_description")}"),
            _ => Refused(answer.Value),
        };
        return result.Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = ViettelTelemetry.Source.StartActivity("Viettel MySign transaction");
        var answer = await TransactionAsync(transactionId, cancellationToken);
        return (answer.Succeeded ? VendorResult.Success(Transaction(answer.Value)) : VendorResult.Fail<SigningTransaction>(answer.Failure)).Traced(activity);
    }

    public async Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = ViettelTelemetry.Source.StartActivity("Viettel MySign signature");
        var answer = await TransactionAsync(transactionId, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<DetachedSignature>(answer.Failure).Traced(activity);
        }

        var transaction = Transaction(answer.Value);
        return transaction.Status == SigningStatus.Completed
            ? new DetachedSignature(transactionId, Convert.FromBase64String(answer.Value.GetProperty("signatures")[0].GetString()!), answer.Value.GetProperty("signedAt").GetDateTimeOffset())
            : VendorResult.Fail<DetachedSignature>(new VendorFailure(VendorFailureCodes.NotCompleted, $"MySign transaction {transactionId} is {transaction.Status}.")).Traced(activity);
    }

    private async Task<VendorResult<JsonElement>> TransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        var answer = await tokens.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"csc/v1/signatures/transactions/{Uri.EscapeDataString(transactionId)}"), cancellationToken);
        return !answer.Succeeded ? answer.Failure
            : answer.Value.Status == HttpStatusCode.NotFound ? VendorFailure.NotFound($"MySign has no transaction '{transactionId}'.")
            : answer.Value.IsSuccess ? answer.Value.Body
            : Refused(answer.Value);
    }

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    private static SigningTransaction Transaction(JsonElement body)
    {
        var status = body.GetProperty("status").GetString() switch
        {
            "COMPLETED" => SigningStatus.Completed,
            "REJECTED" => SigningStatus.Rejected,
            "EXPIRED" => SigningStatus.Expired,
            _ => SigningStatus.Pending,
        };
        return new SigningTransaction(
            body.GetProperty("transactionID").GetString()!,
            body.GetProperty("clientData").GetString() ?? "",
            status,
            body.GetProperty("expiresAt").GetDateTimeOffset(),
            status switch
            {
                SigningStatus.Rejected => "The signer refused in the MySign app.",
                SigningStatus.Expired => "The signer did not confirm in time.",
                _ => null,
            });
    }

    private static VendorFailure Refused(VendorAnswer answer) =>
        new(VendorFailureCodes.InvalidRequest, $"MySign answered {(int)answer.Status} {answer.Text("error")}: {answer.Text("error_description")}");
}

/// <summary>MySign's OAuth2 client-credentials token, fetched once and renewed a minute before it runs out or when refused.</summary>
internal sealed class ViettelTokenSource(IHttpClientFactory clients, IOptions<ViettelOptions> options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? current;

    /// <summary>Sends with the bearer token; a refused token is renewed and the request sent once more.</summary>
    public async Task<VendorResult<VendorAnswer>> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(renew: attempt > 0, cancellationToken);
            if (!token.Succeeded)
            {
                return token.Failure;
            }

            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            var answer = await VendorHttp.SendAsync(clients.CreateClient(ViettelTelemetry.HttpClientName), request, ViettelModule.VendorName, cancellationToken);
            if (answer.Succeeded || answer.Failure.Code != VendorFailureCodes.Unauthorized || attempt > 0)
            {
                return answer;
            }
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<VendorResult<string>> TokenAsync(bool renew, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!renew && current is { } cached && cached.RenewAt > DateTimeOffset.UtcNow)
            {
                return cached.Token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = options.Value.ClientId,
                    ["client_secret"] = options.Value.ClientSecret,
                }),
            };
            var answer = await VendorHttp.SendAsync(clients.CreateClient(ViettelTelemetry.HttpClientName), request, ViettelModule.VendorName, cancellationToken);
            if (!answer.Succeeded)
            {
                return answer.Failure;
            }

            if (!answer.Value.IsSuccess || answer.Value.Text("access_token") is not { } token)
            {
                return new VendorFailure(VendorFailureCodes.Unauthorized, $"MySign issued no token: {answer.Value.Text("error_description")}");
            }

            current = (token, DateTimeOffset.UtcNow.AddSeconds((answer.Value.Number("expires_in") ?? 300) - 60));
            return token;
        }
        finally
        {
            gate.Release();
        }
    }
}
