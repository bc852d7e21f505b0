using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using HanoiEgov.VendorSandbox.Population;
using HanoiEgov.VendorSandbox.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

internal sealed record VnptCertificateRequest(
    [property: JsonPropertyName("sp_id")] string? SpId,
    [property: JsonPropertyName("sp_password")] string? SpPassword,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("serial_number")] string? SerialNumber);

internal sealed record VnptSignFile(
    [property: JsonPropertyName("data_to_be_signed")] string? DataToBeSigned,
    [property: JsonPropertyName("doc_id")] string? DocId,
    [property: JsonPropertyName("file_type")] string? FileType,
    [property: JsonPropertyName("sign_type")] string? SignType);

internal sealed record VnptSignRequest(
    [property: JsonPropertyName("sp_id")] string? SpId,
    [property: JsonPropertyName("sp_password")] string? SpPassword,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("transaction_id")] string? TransactionId,
    [property: JsonPropertyName("transaction_desc")] string? TransactionDesc,
    [property: JsonPropertyName("serial_number")] string? SerialNumber,
    [property: JsonPropertyName("sign_files")] IReadOnlyList<VnptSignFile>? SignFiles);

internal sealed record VnptCredentialsBody(
    [property: JsonPropertyName("sp_id")] string? SpId,
    [property: JsonPropertyName("sp_password")] string? SpPassword);

internal sealed record VnptSmsRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("brandname")] string? Brandname,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("request_id")] string? RequestId);

internal sealed record VnptSmsStatusRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("sms_id")] string? SmsId);

internal sealed record VnptAnswer(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("content")] object? Content = null);

/// <summary>
/// VNPT's face: SmartCA remote signing for service providers (sp_id / sp_password; certificates by the user's
/// personal ID; a sign request answered with a transaction to poll while the signer confirms on the phone) and the
/// SMS brandname agent API. Answers carry VNPT's <c>{ code, message, content }</c> envelope; code 0 is success.
/// </summary>
internal static class VnptApi
{
    public const int Success = 0;
    public const int InvalidCredentials = 1001;
    public const int InvalidUserId = 1002;
    public const int CertificateNotFound = 1003;
    public const int InvalidData = 1004;
    public const int TransactionNotFound = 1005;
    public const int DuplicateTransaction = 1006;
    public const int InvalidPhone = 2001;
    public const int InvalidBrandname = 2002;
    public const int InvalidMessage = 2003;
    public const int SmsNotFound = 2004;

    private const int MaxSmsLength = 612;

    public static void MapVnptApi(this IEndpointRouteBuilder app)
    {
        var smartCa = app.MapGroup("/vnpt/sca/sp769/v1").WithTags("VNPT SmartCA").AllowAnonymous().WithSandboxLatency();
        smartCa.MapPost("/credentials/get_certificate", GetCertificate);
        smartCa.MapPost("/signatures/sign", Sign);
        smartCa.MapPost("/signatures/sign/{tranId}/status", Status);

        var sms = app.MapGroup("/vnpt/sms/v1").WithTags("VNPT SMS brandname").AllowAnonymous().WithSandboxLatency();
        sms.MapPost("/send", SendSms);
        sms.MapPost("/status", SmsStatus);
    }

    private static JsonHttpResult<VnptAnswer> GetCertificate(VnptCertificateRequest request, SandboxOptions options, SandboxFaces faces, PopulationRegistry population)
    {
        if (!Authorised(request.SpId, request.SpPassword, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "sp_id or sp_password is wrong");
        }

        if (!PopulationRegistry.IsWellFormed(request.UserId))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidUserId, "user_id must be a 12-digit personal ID");
        }

        var face = faces[SandboxFaces.Vnpt];
        if (SandboxCommon.Signer(face, population, request.UserId!) is not (_, var certificate))
        {
            return TypedResults.Json(new VnptAnswer(Success, "success", Array.Empty<object>()));
        }

        var id = SandboxFaces.CredentialId(certificate);
        if (request.SerialNumber is { Length: > 0 } serial && !string.Equals(serial, id, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Json(new VnptAnswer(Success, "success", Array.Empty<object>()));
        }

        return TypedResults.Json(new VnptAnswer(Success, "success", new[]
        {
            new Dictionary<string, object>
            {
                ["service_type"] = "SMARTCA",
                ["service_name"] = "SmartCA cá nhân (sandbox)",
                ["cert_id"] = id,
                ["serial_number"] = id,
                ["cert_status"] = "Đang hoạt động",
                ["cert_subject"] = certificate.Subject,
                ["cert_valid_from"] = certificate.NotBefore.ToUniversalTime(),
                ["cert_valid_to"] = certificate.NotAfter.ToUniversalTime(),
                ["cert_data"] = SandboxCommon.Base64(certificate),
                ["chain_data"] = new Dictionary<string, string>
                {
                    ["ca_cert"] = SandboxCommon.Base64(face.Authority.Issuing),
                    ["root_cert"] = SandboxCommon.Base64(face.Authority.Root),
                },
            },
        }));
    }

    private static JsonHttpResult<VnptAnswer> Sign(VnptSignRequest request, SandboxOptions options, SandboxFaces faces, PopulationRegistry population, SigningDesk desk)
    {
        if (!Authorised(request.SpId, request.SpPassword, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "sp_id or sp_password is wrong");
        }

        if (!PopulationRegistry.IsWellFormed(request.UserId))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidUserId, "user_id must be a 12-digit personal ID");
        }

        if (SandboxCommon.Signer(faces[SandboxFaces.Vnpt], population, request.UserId!) is not (var person, var certificate)
            || (request.SerialNumber is { Length: > 0 } serial && !string.Equals(serial, SandboxFaces.CredentialId(certificate), StringComparison.OrdinalIgnoreCase)))
        {
            return Answer(StatusCodes.Status404NotFound, CertificateNotFound, "the user has no certificate with that serial_number");
        }

        if (request.SignFiles is not { Count: > 0 and <= 20 } files)
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidData, "sign_files must list 1 to 20 hashes");
        }

        var hashes = new List<HashToSign>();
        foreach (var (file, index) in files.Select((file, index) => (file, index)))
        {
            var hash = SandboxCommon.FromHex(file.DataToBeSigned);
            if (hash is null || HashAlgorithms.ForLength(hash.Length) is null)
            {
                return Answer(StatusCodes.Status400BadRequest, InvalidData, $"sign_files[{index}].data_to_be_signed must be a SHA-256, SHA-384 or SHA-512 hash in hex");
            }

            hashes.Add(new HashToSign(file.DocId is { Length: > 0 } doc ? doc : index.ToString(System.Globalization.CultureInfo.InvariantCulture), hash));
        }

        var algorithm = HashAlgorithms.ForLength(hashes[0].Hash.Length)!.Value;
        if (hashes.Any(hash => HashAlgorithms.ForLength(hash.Hash.Length) != algorithm))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidData, "sign_files must all use one hash algorithm");
        }

        var transaction = desk.Start(SandboxFaces.Vnpt, person, SandboxFaces.CredentialId(certificate), algorithm, hashes, request.TransactionDesc ?? "", request.TransactionId);
        if (transaction is null)
        {
            return Answer(StatusCodes.Status409Conflict, DuplicateTransaction, $"transaction_id '{request.TransactionId}' was used for another request");
        }

        return TypedResults.Json(new VnptAnswer(Success, "Waiting for the signer's confirmation on SmartCA", new Dictionary<string, object?>
        {
            ["transaction_id"] = transaction.ClientReference,
            ["tran_id"] = transaction.Id,
            ["tran_status"] = (int)transaction.Status,
            ["expired_at"] = transaction.ExpiresAt,
        }));
    }

    private static JsonHttpResult<VnptAnswer> Status(string tranId, VnptCredentialsBody request, SandboxOptions options, SigningDesk desk)
    {
        if (!Authorised(request.SpId, request.SpPassword, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "sp_id or sp_password is wrong");
        }

        if (desk.Find(SandboxFaces.Vnpt, tranId) is not { } transaction)
        {
            return Answer(StatusCodes.Status404NotFound, TransactionNotFound, $"no transaction '{tranId}'");
        }

        return TypedResults.Json(new VnptAnswer(Success, "success", new Dictionary<string, object?>
        {
            ["tran_id"] = transaction.Id,
            ["transaction_id"] = transaction.ClientReference,
            ["tran_status"] = (int)transaction.Status,
            ["status"] = transaction.Status.ToString().ToUpperInvariant(),
            ["expired_at"] = transaction.ExpiresAt,
            ["answered_at"] = transaction.AnsweredAt,
            ["signatures"] = transaction.Signatures.Select(signature => new Dictionary<string, object?>
            {
                ["doc_id"] = signature.DocumentId,
                ["signature_value"] = Convert.ToBase64String(signature.Signature),
                ["timestamp_signature"] = transaction.AnsweredAt,
            }).ToList(),
        }));
    }

    private static JsonHttpResult<VnptAnswer> SendSms(VnptSmsRequest request, SandboxOptions options, SmsCentre centre)
    {
        if (!Authorised(request.Username, request.Password, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "username or password is wrong");
        }

        if (!string.Equals(request.Brandname, options.Vnpt.Brandname, StringComparison.Ordinal))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidBrandname, $"brandname '{request.Brandname}' is not registered for this agent");
        }

        if (!SmsCentre.IsMobileNumber(request.Phone))
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidPhone, "phone must be a Vietnamese mobile number (0xxxxxxxxx or 84xxxxxxxxx)");
        }

        if (request.Message is not { Length: > 0 and <= MaxSmsLength })
        {
            return Answer(StatusCodes.Status400BadRequest, InvalidMessage, $"message must have 1 to {MaxSmsLength} characters");
        }

        var sms = centre.Send(request.Phone!, request.Message, request.RequestId);
        return TypedResults.Json(new VnptAnswer(Success, "Success", new Dictionary<string, object?>
        {
            ["sms_id"] = sms.Id,
            ["request_id"] = request.RequestId,
        }));
    }

    private static JsonHttpResult<VnptAnswer> SmsStatus(VnptSmsStatusRequest request, SandboxOptions options, SmsCentre centre)
    {
        if (!Authorised(request.Username, request.Password, options))
        {
            return Answer(StatusCodes.Status401Unauthorized, InvalidCredentials, "username or password is wrong");
        }

        if (request.SmsId is null || centre.Find(request.SmsId) is not { } sms)
        {
            return Answer(StatusCodes.Status404NotFound, SmsNotFound, $"no message '{request.SmsId}'");
        }

        var (status, at) = centre.StatusOf(sms);
        return TypedResults.Json(new VnptAnswer(Success, "Success", new Dictionary<string, object?>
        {
            ["sms_id"] = sms.Id,
            ["status"] = status,
            ["sent_at"] = sms.SentAt,
            ["delivered_at"] = at,
        }));
    }

    private static bool Authorised(string? id, string? password, SandboxOptions options) =>
        string.Equals(id, options.Vnpt.SpId, StringComparison.Ordinal) && SandboxCommon.SecretEquals(password, options.Vnpt.SpPassword);

    private static JsonHttpResult<VnptAnswer> Answer(int status, int code, string message) =>
        TypedResults.Json(new VnptAnswer(code, message), statusCode: status);
}

internal sealed record SmsMessage(string Id, string Phone, string Message, DateTimeOffset SentAt);

/// <summary>
/// Messages sent through the brandname agent. Each is delivered after the configured delay, except to numbers
/// ending in 0000, which the sandbox treats as unreachable (FAILED). A repeated request_id sends nothing new.
/// </summary>
internal sealed class SmsCentre(SandboxOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SmsMessage> messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> byRequest = new(StringComparer.Ordinal);

    public static bool IsMobileNumber(string? phone) =>
        phone is not null && phone.All(char.IsAsciiDigit)
        && ((phone.Length == 10 && phone[0] == '0' && "35789".Contains(phone[1], StringComparison.Ordinal))
            || (phone.Length == 11 && phone.StartsWith("84", StringComparison.Ordinal) && "35789".Contains(phone[2], StringComparison.Ordinal)));

    public SmsMessage Send(string phone, string message, string? requestId)
    {
        if (requestId is { Length: > 0 } && byRequest.TryGetValue(requestId, out var existing))
        {
            return messages[existing];
        }

        var sms = new SmsMessage(Guid.NewGuid().ToString("N"), phone, message, time.GetUtcNow());
        messages[sms.Id] = sms;
        if (requestId is { Length: > 0 } && !byRequest.TryAdd(requestId, sms.Id))
        {
            messages.TryRemove(sms.Id, out _);
            return messages[byRequest[requestId]];
        }

        return sms;
    }

    public SmsMessage? Find(string id) => messages.GetValueOrDefault(id);

    public (string Status, DateTimeOffset? At) StatusOf(SmsMessage sms)
    {
        var due = sms.SentAt + options.SmsDeliveryDelay;
        if (time.GetUtcNow() < due)
        {
            return ("SENT", null);
        }

        return sms.Phone.EndsWith("0000", StringComparison.Ordinal) ? ("FAILED", due) : ("DELIVERED", due);
    }
}
