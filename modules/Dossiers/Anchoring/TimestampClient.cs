using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>An RFC 3161 client (§3.4, over HTTP): asks the TSA to timestamp a SHA-256 digest and checks its answer matches the request.</summary>
internal sealed class TimestampClient(IHttpClientFactory clients, AnchoringOptions options)
{
    public const string HttpClientName = "dossiers-anchoring-tsa";

    /// <summary>The DER token (a SignedCms over a TSTInfo) for <paramref name="digest"/>, with the TSA's certificate in it.</summary>
    /// <exception cref="CryptographicException">The TSA refused, or answered with a token for something else.</exception>
    public async Task<byte[]> TimestampAsync(byte[] digest, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F;
        nonce[0] |= 0x01;
        var request = Rfc3161TimestampRequest.CreateFromHash(digest, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var http = clients.CreateClient(HttpClientName);
        using var response = await http.PostAsync(options.TsaUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(cancellationToken), out _);
        return token.AsSignedCms().Encode();
    }
}
