using System.Diagnostics;
using System.Net;
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

internal static class SigningCredentials
{
    /// <summary>The credential a hash is signed with: the one the request names, or the signer's first certificate's.</summary>
    public static async Task<VendorResult<string>> ResolveAsync(IDigitalSignatureProvider provider, SignHashRequest request, CancellationToken cancellationToken)
    {
        if (request.CredentialId is { } named)
        {
            return named;
        }

        var certificates = await provider.ListCertificatesAsync(request.SignerId, cancellationToken).ConfigureAwait(false);
        return certificates.Succeeded ? certificates.Value[0].CredentialId : VendorResult.Fail<string>(certificates.Failure);
    }
}
