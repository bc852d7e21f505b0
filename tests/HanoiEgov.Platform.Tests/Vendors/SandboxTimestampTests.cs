using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The sandbox's time-stamping authority face, spoken to over RFC 3161's HTTP transport as any client would.</summary>
[Trait("Category", "Integration")]
public sealed class SandboxTimestampTests(VendorSandboxFixture fixture) : IClassFixture<VendorSandboxFixture>
{
    private HttpClient Client => fixture.Server.Client;

    [Fact]
    public async Task A_timestamp_query_gets_a_token_over_its_hash_signed_by_a_critical_timestamping_certificate_of_the_tsa_ca()
    {
        var digest = SHA256.HashData("Merkle root of the heads"u8);
        var request = Rfc3161TimestampRequest.CreateFromHash(digest, HashAlgorithmName.SHA256, nonce: new byte[] { 0x01, 0x02, 0x03, 0x04 }, requestSignerCertificates: true);

        using var response = await PostAsync(request.Encode(), "application/timestamp-query");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        var token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), out _);
        Assert.True(token.VerifySignatureForHash(digest, HashAlgorithmName.SHA256, out var tsa, null));
        var usage = Assert.Single(tsa!.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(usage.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], usage.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value));
        Assert.InRange(token.TokenInfo.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        var root = X509Certificate2.CreateFromPem(await Client.GetStringAsync(new Uri("tsa/ca/root.pem", UriKind.Relative), TestContext.Current.CancellationToken));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(token.AsSignedCms().Certificates);
        Assert.True(chain.Build(tsa), string.Join(", ", chain.ChainStatus.Select(status => status.StatusInformation)));
    }

    [Fact]
    public async Task A_body_that_is_not_a_timestamp_request_gets_a_rejection_reply_saying_why()
    {
        using var response = await PostAsync("not DER"u8.ToArray(), "application/timestamp-query");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = new AsnReader(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), AsnEncodingRules.DER).ReadSequence();
        var status = reply.ReadSequence();
        Assert.Equal(2, (int)status.ReadInteger());
        Assert.Contains("TimeStampReq", status.ReadSequence().ReadCharacterString(UniversalTagNumber.UTF8String), StringComparison.Ordinal);
        Assert.False(reply.HasData);
    }

    [Fact]
    public async Task Another_content_type_is_refused_with_problem_details_naming_the_field()
    {
        using var response = await PostAsync("{}"u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", (await response.ReadAsync<Problem>()).Field);
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await Client.PostAsync(new Uri("tsa/", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
