using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Vnpt;

/// <summary>
/// VNPT SmartCA for service providers: certificates by the user's personal ID, a sign request per document hash
/// (answered with a <c>tran_id</c> while the signer confirms in the SmartCA app) and its status, all authenticated
/// with the provider's <c>sp_id</c> / <c>sp_password</c>. The caller's request id travels as <c>transaction_id</c>,
/// which SmartCA answers with the same transaction when it is sent again.
/// </summary>
internal sealed class VnptSmartCaProvider(IHttpClientFactory clients, IOptions<VnptOptions> options) : IDigitalSignatureProvider
{
    private const int InvalidUserId = 1002;
    private const int CertificateNotFound = 1003;
    private const int InvalidData = 1004;
    private const int TransactionNotFound = 1005;
    private const int DuplicateTransaction = 1006;

    public async Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken)
    {
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SmartCA get_certificate");
        var answer = await PostAsync("sca/sp769/v1/credentials/get_certificate", new() { ["user_id"] = signerId }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(answer.Failure).Traced(activity);
        }

        var (status, body) = (answer.Value.Status, answer.Value.Body);
        if (status == HttpStatusCode.BadRequest && Code(body) == InvalidUserId)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"VNPT knows no signer '{signerId}': {Message(body)}")).Traced(activity);
        }

        if (!answer.Value.IsSuccess || Code(body) != 0)
        {
            return VendorResult.Fail<IReadOnlyList<SignerCertificate>>(Refused(body)).Traced(activity);
        }

        var certificates = body.GetProperty("content").EnumerateArray().Select(item => Certificate(signerId, item)).ToList();
        return SigningPreamble.Found(certificates, "VNPT SmartCA", signerId).Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SmartCA sign");
        // SmartCA reads the algorithm off the hash's length.
        var start = await SigningPreamble.StartAsync(this, request, "SmartCA", "SHA256", "SHA384", "SHA512", cancellationToken);
        if (!start.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(start.Failure).Traced(activity);
        }

        var answer = await PostAsync("sca/sp769/v1/signatures/sign", new()
        {
            ["user_id"] = request.SignerId,
            ["transaction_id"] = request.RequestId,
            ["transaction_desc"] = request.DocumentName,
            ["serial_number"] = start.Value.CredentialId,
            ["sign_files"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["data_to_be_signed"] = Convert.ToHexString(request.Hash.Span),
                    ["doc_id"] = request.DocumentName,
                    ["file_type"] = "pdf",
                    ["sign_type"] = "hash",
                },
            },
        }, cancellationToken);
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<SigningTransaction>(answer.Failure).Traced(activity);
        }

        var body = answer.Value.Body;
        VendorResult<SigningTransaction> result = Code(body) switch
        {
            0 when answer.Value.IsSuccess => Transaction(body.GetProperty("content"), request.RequestId),
            InvalidUserId or CertificateNotFound => new VendorFailure(VendorFailureCodes.UnknownSigner, $"VNPT SmartCA: {Message(body)}"),
            InvalidData => new VendorFailure(VendorFailureCodes.InvalidHash, $"VNPT SmartCA: {Message(body)}"),
            DuplicateTransaction => new VendorFailure(VendorFailureCodes.IdempotencyConflict, $"VNPT SmartCA: {Message(body)}"),
            _ => Refused(body),
        };
        activity?.SetTag("vendor.transaction", result.Value?.TransactionId);
        return result.Traced(activity);
    }

    public async Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SmartCA status");
        var status = await StatusAsync(transactionId, cancellationToken);
        return (status.Succeeded ? VendorResult.Success(Transaction(status.Value, null)) : VendorResult.Fail<SigningTransaction>(status.Failure)).Traced(activity);
    }

    public async Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken)
    {
        using var activity = VnptModule.Connection.Source.StartActivity("VNPT SmartCA signature");
        var status = await StatusAsync(transactionId, cancellationToken);
        return SigningPreamble.SignatureOf(
            status,
            answer => Transaction(answer, null),
            completed => new DetachedSignature(
                transactionId,
                Convert.FromBase64String(completed.GetProperty("signatures")[0].GetProperty("signature_value").GetString()!),
                completed.GetProperty("signatures")[0].GetProperty("timestamp_signature").GetDateTimeOffset()),
            $"SmartCA transaction {transactionId}",
            activity);
    }

    private async Task<VendorResult<JsonElement>> StatusAsync(string transactionId, CancellationToken cancellationToken)
    {
        var answer = await PostAsync($"sca/sp769/v1/signatures/sign/{Uri.EscapeDataString(transactionId)}/status", [], cancellationToken);
        if (!answer.Succeeded)
        {
            return answer.Failure;
        }

        var body = answer.Value.Body;
        return Code(body) switch
        {
            0 when answer.Value.IsSuccess => body.GetProperty("content"),
            TransactionNotFound => VendorFailure.NotFound($"SmartCA has no transaction '{transactionId}'."),
            _ => Refused(body),
        };
    }

    private async Task<VendorResult<VendorAnswer>> PostAsync(string path, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        body["sp_id"] = options.Value.SpId;
        body["sp_password"] = options.Value.SpPassword;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await VnptModule.Connection.SendAsync(clients, request, cancellationToken);
    }

    private static SigningTransaction Transaction(JsonElement content, string? requestId)
    {
        var status = content.GetProperty("tran_status").GetInt32() switch
        {
            1 => SigningStatus.Completed,
            2 => SigningStatus.Rejected,
            3 => SigningStatus.Expired,
            _ => SigningStatus.Pending,
        };
        return new SigningTransaction(
            content.GetProperty("tran_id").GetString()!,
            requestId ?? (content.TryGetProperty("transaction_id", out var reference) && reference.ValueKind == JsonValueKind.String ? reference.GetString()! : ""),
            status,
            content.GetProperty("expired_at").GetDateTimeOffset(),
            status switch
            {
                SigningStatus.Rejected => "The signer refused in the SmartCA app.",
                SigningStatus.Expired => "The signer did not confirm in time.",
                _ => null,
            });
    }

    private static SignerCertificate Certificate(string signerId, JsonElement item)
    {
        var chain = item.GetProperty("chain_data");
        return new SignerCertificate(
            item.GetProperty("serial_number").GetString()!,
            signerId,
            item.GetProperty("cert_subject").GetString()!,
            Issuer(item.GetProperty("cert_data")),
            item.GetProperty("serial_number").GetString()!,
            item.GetProperty("cert_valid_from").GetDateTimeOffset(),
            item.GetProperty("cert_valid_to").GetDateTimeOffset(),
            Convert.FromBase64String(item.GetProperty("cert_data").GetString()!),
            [Convert.FromBase64String(chain.GetProperty("ca_cert").GetString()!), Convert.FromBase64String(chain.GetProperty("root_cert").GetString()!)]);
    }

    private static string Issuer(JsonElement certificate)
    {
        using var parsed = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate.GetString()!));
        return parsed.Issuer;
    }

    private static int? Code(JsonElement body) => body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;

    private static string Message(JsonElement body) => body.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "";

    private static VendorFailure Refused(JsonElement body) =>
        new(VendorFailureCodes.InvalidRequest, string.Create(CultureInfo.InvariantCulture, $"VNPT answered code {Code(body)}: {Message(body)}"));
}
