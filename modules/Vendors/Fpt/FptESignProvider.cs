using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Vendors.Http;

namespace HanoiEgov.Vendors.Fpt;

/// <summary>
/// FPT eSign: certificates by the user's personal ID, a sign request answered with a <c>billCode</c> while the
/// signer authorises in the FPT.eSign app (<c>responseCode</c> 1007), and the bill's status. The caller's request
/// id travels as <c>requestId</c>, so the same request is not put to the signer twice.
/// </summary>
internal sealed class FptESignProvider(IHttpClientFactory clients) : IDigitalSignatureProvider
{
    private const string Service = "FPT eSign";
    private const int InvalidUserId = 3006;
    private const int CertificateNotFound = 3007;
    private const int InvalidDocument = 3008;
    private const int BillNotFound = 3009;
    private const int DuplicateRequest = 3010;

    public async Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken)
    {
        using var activity = FptModule.Connection.Source.StartActivity("FPT eSign certificates");
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "esign/v1/certificates") { Content = JsonContent.Create(new { userId = signerId }) }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(answer.Failure).Traced(activity);
        }

        if (answer.Value.Number("responseCode") == InvalidUserId)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"FPT eSign knows no user '{signerId}': {answer.Value.Text("responseMessage")}")).Traced(activity);
        }

        if (!answer.Value.IsSuccess || answer.Value.Number("responseCode") != 0)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(Refused(answer.Value)).Traced(activity);
        }

        var certificates = answer.Value.Body.GetProperty("certificates").EnumerateArray().Select(item => new SignerCertificate(
            item.GetProperty("certificateSerial").GetString()!,
            signerId,
            item.GetProperty("subjectDN").GetString()!,
            item.GetProperty("issuerDN").GetString()!,
            item.GetProperty("certificateSerial").GetString()!,
            item.GetProperty("validFrom").GetDateTimeOffset(),
            item.GetProperty("validTo").GetDateTimeOffset(),
            Convert.FromBase64String(item.GetProperty("certificate").GetString()!),
            [.. item.GetProperty("certificateChain").EnumerateArray().Select(chain => (ReadOnlyMemory<byte>)Convert.FromBase64String(chain.GetString()!))])).ToList();
        return SigningPreamble.Found(certificates, Service, signerId).Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = FptModule.Connection.Source.StartActivity("FPT eSign sign");
        var start = await SigningPreamble.StartAsync(this, request, Service, "SHA-256", "SHA-384", "SHA-512", cancellationToken);
        if (!start.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(start.Failure).Traced(activity);
        }

        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "esign/v1/sign")
        {
            Content = JsonContent.Create(new
            {
                userId = request.SignerId,
                certificateSerial = start.Value.CredentialId,
                requestId = request.RequestId,
                message = request.DocumentName,
                documents = new[] { new { documentName = request.DocumentName, hash = Convert.ToBase64String(request.Hash.Span), hashAlgorithm = start.Value.HashAlgorithm } },
            }),
        }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(answer.Failure).Traced(activity);
        }

        VendorResult<SigningTransaction> result = answer.Value.Number("responseCode") switch
        {
            _ when answer.Value.Status is HttpStatusCode.OK or HttpStatusCode.Accepted => Transaction(answer.Value.Body),
            InvalidUserId or CertificateNotFound => new VendorFailure(VendorFailureCodes.UnknownSigner, $"FPT eSign: {answer.Value.Text("responseMessage")}"),
            InvalidDocument => new VendorFailure(VendorFailureCodes.InvalidHash, $"FPT eSign: {answer.Value.Text("responseMessage")}"),
            DuplicateRequest => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"FPT eSign: {answer.Value.Text("responseMessage")}"),
            _ => Refused(answer.Value),
        };
        return result.Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = FptModule.Connection.Source.StartActivity("FPT eSign bill");
        var bill = await BillAsync(transactionId, cancellationToken);
        return (bill.Succeeded ? VendorResult.Success(Transaction(bill.Value)) : VendorResult.Fail<SigningTransaction>(bill.Failure)).Traced(activity);
    }

    public async Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = FptModule.Connection.Source.StartActivity("FPT eSign signature");
        var bill = await BillAsync(transactionId, cancellationToken);
        return SigningPreamble.SignatureOf(
            bill,
            Transaction,
            completed => new DetachedSignature(transactionId, Convert.FromBase64String(completed.GetProperty("signatures")[0].GetProperty("signature").GetString()!), completed.GetProperty("signedAt").GetDateTimeOffset()),
            $"FPT eSign bill {transactionId}",
            activity);
    }

    private async Task<VendorResult<JsonElement>> BillAsync(string billCode, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"esign/v1/sign/{Uri.EscapeDataString(billCode)}"), cancellationToken);
        return !answer.Succeeded ? answer.Failure
            : answer.Value.Number("responseCode") == BillNotFound ? VendorFailure.NotFound($"FPT eSign has no bill '{billCode}'.")
            : answer.Value.IsSuccess ? answer.Value.Body
            : Refused(answer.Value);
    }

    private async Task<VendorResult<VendorAnswer>> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await FptModule.Connection.SendAsync(clients, request, cancellationToken);
        }
    }

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
            body.GetProperty("billCode").GetString()!,
            body.GetProperty("requestId").GetString() ?? "",
            status,
            body.GetProperty("expiresAt").GetDateTimeOffset(),
            status is SigningStatus.Rejected or SigningStatus.Expired ? body.GetProperty("responseMessage").GetString() : null);
    }

    private static VendorFailure Refused(VendorAnswer answer) =>
        new(VendorFailureCodes.InvalidRequest, $"FPT eSign answered {answer.Number("responseCode")}: {answer.Text("responseMessage")}");
}
