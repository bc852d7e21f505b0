using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanoiEgov.Vendors.Http;

namespace HanoiEgov.Vendors.Viettel;

/// <summary>
/// Viettel MySign on the Cloud Signature Consortium API v1: a client-credentials token, <c>credentials/list</c> by
/// the user's personal ID, <c>credentials/info</c> for the certificate chain, and <c>signatures/signHash</c>,
/// which MySign answers with a transaction while the signer confirms in the MySign app. The caller's request id
/// travels as CSC <c>clientData</c>, so the same request is not put to the signer twice.
/// </summary>
internal sealed class ViettelMySignProvider(ViettelTokenSource tokens) : IDigitalSignatureProvider
{
    private const string Service = "MySign";
    private const string RsaWithSha256 = "1.2.840.113549.1.1.11";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string Sha384 = "2.16.840.1.101.3.4.2.2";
    private const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public async Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken)
    {
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel MySign credentials/list");
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

        return SigningPreamble.Found(certificates, Service, signerId).Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel MySign signatures/signHash");
        var start = await SigningPreamble.StartAsync(this, request, Service, Sha256, Sha384, Sha512, cancellationToken);
        if (!start.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(start.Failure).Traced(activity);
        }

        var answer = await tokens.SendAsync(() => Post("csc/v1/signatures/signHash", new
        {
            credentialID = start.Value.CredentialId,
            numSignatures = 1,
            hash = new[] { Convert.ToBase64String(request.Hash.Span) },
            hashAlgo = start.Value.HashAlgorithm,
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
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel MySign transaction");
        var answer = await TransactionAsync(transactionId, cancellationToken);
        return (answer.Succeeded ? VendorResult.Success(Transaction(answer.Value)) : VendorResult.Fail<SigningTransaction>(answer.Failure)).Traced(activity);
    }

    public async Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = ViettelModule.Connection.Source.StartActivity("Viettel MySign signature");
        var answer = await TransactionAsync(transactionId, cancellationToken);
        return SigningPreamble.SignatureOf(
            answer,
            Transaction,
            completed => new DetachedSignature(transactionId, Convert.FromBase64String(completed.GetProperty("signatures")[0].GetString()!), completed.GetProperty("signedAt").GetDateTimeOffset()),
            $"MySign transaction {transactionId}",
            activity);
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
