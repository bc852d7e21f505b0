using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

// Compiled into each vendor module (linked source), so a module stays one assembly with no shared runtime piece.
namespace HanoiEgov.Vendors.Http;

/// <summary>A vendor's HTTP answer below 500, its JSON body parsed (an empty object when it had none).</summary>
internal sealed record VendorAnswer(HttpStatusCode Status, JsonElement Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Text(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int? Number(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}

internal static class VendorHttp
{
    /// <summary>
    /// Sends through the module's resilient client. Transport failures, an open circuit, timeouts and 5xx answers
    /// become <see cref="VendorFailureCodes.Unavailable"/> or <see cref="VendorFailureCodes.Timeout"/>; a 401 or 403
    /// becomes <see cref="VendorFailureCodes.Unauthorized"/>; anything else is the caller's to read.
    /// </summary>
    public static async Task<VendorResult<VendorAnswer>> SendAsync(HttpClient http, HttpRequestMessage request, string vendor, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                return VendorFailure.Unavailable($"{vendor} answered {(int)response.StatusCode} to {request.Method} {request.RequestUri}.");
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new VendorFailure(VendorFailureCodes.Unauthorized, $"{vendor} refused the platform's credentials ({(int)response.StatusCode}): {Shorten(text)}");
            }

            try
            {
                using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
                return new VendorAnswer(response.StatusCode, document.RootElement.Clone());
            }
            catch (JsonException)
            {
                return VendorFailure.Unavailable($"{vendor} answered {(int)response.StatusCode} with a body that is not JSON: {Shorten(text)}");
            }
        }
        catch (Exception exception) when (VendorFailure.FromException(exception, cancellationToken) is { } failure)
        {
            Activity.Current?.SetStatus(ActivityStatusCode.Error, failure.Message);
            return failure;
        }
    }

    /// <summary>Marks the current vendor activity failed when the result is a failure, and passes the result on.</summary>
    public static VendorResult<T> Traced<T>(this VendorResult<T> result, Activity? activity)
    {
        if (!result.Succeeded)
        {
            activity?.SetTag("vendor.failure", result.Failure.Code);
            activity?.SetStatus(ActivityStatusCode.Error, result.Failure.Message);
        }

        return result;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

/// <summary>
/// A module's calls to its vendor: the HttpClient and activity source under the names its
/// <see cref="VendorModuleBuilder"/> gives them, so no module types them again.
/// </summary>
internal sealed class VendorConnection(string vendor)
{
    public string Vendor { get; } = vendor;

    public string HttpClientName { get; } = VendorModuleBuilder.HttpClientNameOf(vendor);

    public ActivitySource Source { get; } = new(VendorModuleBuilder.ActivitySourceNameOf(vendor));

    /// <summary>As <see cref="VendorHttp.SendAsync"/>, through the module's own client.</summary>
    public Task<VendorResult<VendorAnswer>> SendAsync(IHttpClientFactory clients, HttpRequestMessage request, CancellationToken cancellationToken) =>
        VendorHttp.SendAsync(clients.CreateClient(HttpClientName), request, Vendor, cancellationToken);
}

/// <summary>The vendor's hash algorithm name and the credential a hash is signed with, as every signing provider starts.</summary>
internal sealed record SigningStart(string CredentialId, string HashAlgorithm);

/// <summary>What the signing providers do alike before and after they speak their vendor's protocol.</summary>
internal static class SigningPreamble
{
    /// <summary>
    /// Checks that the hash is one remote signing offers (SHA-256, SHA-384 or SHA-512, of its length), names its
    /// algorithm as the vendor does (<paramref name="sha256"/>, <paramref name="sha384"/>, <paramref name="sha512"/>),
    /// and finds the credential: the one the request names, or the signer's first certificate's.
    /// </summary>
    /// <param name="service">The vendor's service as its failures name it, e.g. "MySign".</param>
    public static async Task<VendorResult<SigningStart>> StartAsync(
        IDigitalSignatureProvider provider, SignHashRequest request, string service, string sha256, string sha384, string sha512, CancellationToken cancellationToken)
    {
        var algorithm = request.DigestAlgorithm == HashAlgorithmName.SHA256 ? sha256
            : request.DigestAlgorithm == HashAlgorithmName.SHA384 ? sha384
            : request.DigestAlgorithm == HashAlgorithmName.SHA512 ? sha512
            : null;
        if (!request.HasValidHash || algorithm is null)
        {
            return new VendorFailure(
                VendorFailureCodes.InvalidHash,
                $"A {request.DigestAlgorithm.Name} hash of {request.Hash.Length} bytes cannot be signed; {service} signs SHA-256, SHA-384 or SHA-512 hashes.");
        }

        if (request.CredentialId is { } named)
        {
            return new SigningStart(named, algorithm);
        }

        var certificates = await provider.ListCertificatesAsync(request.SignerId, cancellationToken).ConfigureAwait(false);
        return certificates.Succeeded ? new SigningStart(certificates.Value[0].CredentialId, algorithm) : certificates.Failure;
    }

    /// <summary>
    /// The signature of a transaction the vendor reported in <paramref name="answer"/>: read by
    /// <paramref name="signature"/> once <paramref name="transaction"/> says it is completed, else not completed.
    /// </summary>
    /// <param name="what">The transaction as a failure names it, e.g. "MySign transaction 42".</param>
    public static VendorResult<DetachedSignature> SignatureOf(
        VendorResult<JsonElement> answer, Func<JsonElement, SigningTransaction> transaction, Func<JsonElement, DetachedSignature> signature, string what, Activity? activity)
    {
        if (!answer.Succeeded)
        {
            return VendorResult.Fail<DetachedSignature>(answer.Failure).Traced(activity);
        }

        var status = transaction(answer.Value).Status;
        return status == SigningStatus.Completed
            ? signature(answer.Value)
            : VendorResult.Fail<DetachedSignature>(new VendorFailure(VendorFailureCodes.NotCompleted, $"{what} is {status}.")).Traced(activity);
    }

    /// <summary>The certificates the vendor listed for <paramref name="signerId"/>; none makes the signer unknown.</summary>
    public static VendorResult<IReadOnlyList<SignerCertificate>> Found(List<SignerCertificate> certificates, string service, string signerId) =>
        certificates.Count == 0
            ? VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"{service} has no certificate for '{signerId}'."))
            : VendorResult.Success<IReadOnlyList<SignerCertificate>>(certificates);
}
