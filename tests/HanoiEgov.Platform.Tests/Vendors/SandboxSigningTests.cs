using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>
/// The sandbox's remote signing on each face, over HTTP on a real port: real test CAs, real CMS signatures that
/// standard tools verify, and the signer's phone deciding what happens.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SandboxSigningTests(VendorSandboxFixture fixture) : IClassFixture<VendorSandboxFixture>
{
    private const string An = "001090012345";
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("Giấy xác nhận cư trú – kết quả hồ sơ 00004-261129-0001");

    private VendorSandboxServer Sandbox => fixture.Server;

    public static TheoryData<string> Faces => ["vnpt", "viettel", "fpt"];

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task A_confirmed_signature_verifies_with_openssl_cms_against_the_faces_root(string face)
    {
        var signing = new SandboxSigningClient(Sandbox, face);
        var signature = await SignConfirmedAsync(signing, SHA256.HashData(Document));

        var (exitCode, output) = await OpenSslVerifyAsync(signature, Document, await signing.RootPemAsync());

        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification successful", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task A_signature_verifies_with_SignedCms_over_the_document_and_names_the_signer_by_personal_id(string face)
    {
        var signing = new SandboxSigningClient(Sandbox, face);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var signature = await SignConfirmedAsync(signing, SHA256.HashData(Document));

        var cms = new SignedCms(new ContentInfo(Document), detached: true);
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal("Nguyễn Văn An", signer.Certificate!.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Contains("SERIALNUMBER=CCCD:001090012345", signer.Certificate.Subject, StringComparison.Ordinal);
        var signingTime = Assert.Single(signer.SignedAttributes.Cast<CryptographicAttributeObject>(), attribute => attribute.Oid.Value == "1.2.840.113549.1.9.5");
        var time = ((Pkcs9SigningTime)signingTime.Values[0]).SigningTime;
        Assert.InRange(new DateTimeOffset(time), before, DateTimeOffset.UtcNow.AddSeconds(2));

        using var root = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(await signing.RootPemAsync()));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(signer.Certificate), string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
    }

    [Fact]
    public async Task A_signature_fails_verification_over_another_document_and_against_another_vendors_root()
    {
        var vnpt = new SandboxSigningClient(Sandbox, "vnpt");
        var signature = await SignConfirmedAsync(vnpt, SHA256.HashData(Document));

        var tampered = Document.ToArray();
        tampered[^1] ^= 1;
        var (otherDocument, otherDocumentOutput) = await OpenSslVerifyAsync(signature, tampered, await vnpt.RootPemAsync());
        var (otherRoot, otherRootOutput) = await OpenSslVerifyAsync(signature, Document, await new SandboxSigningClient(Sandbox, "viettel").RootPemAsync());

        Assert.NotEqual(0, otherDocument);
        Assert.Contains("content verify error", otherDocumentOutput, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, otherRoot);
        Assert.Contains("certificate verify error", otherRootOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task A_request_the_signer_rejects_carries_no_signature_and_cannot_be_confirmed_later(string face)
    {
        var signing = new SandboxSigningClient(Sandbox, face);
        var (credential, _) = (await signing.CertificateAsync(An))!.Value;
        var transaction = await signing.StartAsync(An, credential, SHA256.HashData(Document));
        Assert.Equal("PENDING", (await signing.StatusAsync(transaction)).Status);

        using var reject = await signing.PhoneAsync(transaction, "reject");
        using var lateConfirm = await signing.PhoneAsync(transaction, "confirm");

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lateConfirm.StatusCode);
        Assert.Equal(("REJECTED", (byte[]?)null), await signing.StatusAsync(transaction));
    }

    [Fact]
    public async Task An_unanswered_request_expires_after_the_configured_lifetime()
    {
        await Sandbox.ConfigureAsync(new { autoConfirm = "Off", confirmDelay = "00:00:00", transactionLifetime = "00:00:01", latency = "00:00:00", smsDeliveryDelay = "00:00:01" }, TestContext.Current.CancellationToken);
        try
        {
            var signing = new SandboxSigningClient(Sandbox, "fpt");
            var (credential, _) = (await signing.CertificateAsync(An))!.Value;
            var transaction = await signing.StartAsync(An, credential, SHA256.HashData(Document));

            await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
            using var lateConfirm = await signing.PhoneAsync(transaction, "confirm");

            Assert.Equal(HttpStatusCode.Conflict, lateConfirm.StatusCode);
            Assert.Equal(("EXPIRED", (byte[]?)null), await signing.StatusAsync(transaction));
        }
        finally
        {
            await Sandbox.ConfigureAsync(DefaultSettings, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task The_automated_phone_signs_at_once_when_set_to_confirm()
    {
        await Sandbox.ConfigureAsync(DefaultSettings with { autoConfirm = "Confirm" }, TestContext.Current.CancellationToken);
        try
        {
            var signing = new SandboxSigningClient(Sandbox, "viettel");
            var (credential, _) = (await signing.CertificateAsync(An))!.Value;
            var transaction = await signing.StartAsync(An, credential, SHA256.HashData(Document));

            var (status, signature) = await signing.StatusAsync(transaction);

            Assert.Equal("COMPLETED", status);
            Assert.NotNull(signature);
        }
        finally
        {
            await Sandbox.ConfigureAsync(DefaultSettings, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public async Task Someone_outside_the_population_has_no_certificate(string face)
    {
        Assert.Null(await new SandboxSigningClient(Sandbox, face).CertificateAsync("001099999999"));
    }

    [Theory]
    [InlineData("vnpt/sca/sp769/v1/credentials/get_certificate", "user_id", "code", 1002)]
    [InlineData("fpt/esign/v1/certificates", "userId", "responseCode", 3006)]
    public async Task A_malformed_personal_id_is_refused_with_the_vendors_code(string path, string field, string codeField, int code)
    {
        var credentials = Sandbox.Credentials;
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new Dictionary<string, string>
            {
                ["sp_id"] = credentials.VnptSpId, ["sp_password"] = credentials.VnptSpPassword, [field] = "00109001234X",
            }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.FptRelyingParty}:{credentials.FptPassword}")));

        using var response = await Sandbox.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(code, body.RootElement.GetProperty(codeField).GetInt32());
    }

    [Fact]
    public async Task Wrong_service_credentials_are_refused_on_every_face()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var vnpt = await Sandbox.Client.PostAsJsonAsync("vnpt/sca/sp769/v1/credentials/get_certificate", new { sp_id = Sandbox.Credentials.VnptSpId, sp_password = "wrong", user_id = An }, cancellation);
        using var viettel = await Sandbox.Client.PostAsync("viettel/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Sandbox.Credentials.ViettelClientId, ["client_secret"] = "wrong",
        }), cancellation);
        using var viettelWithoutToken = await Sandbox.Client.PostAsJsonAsync("viettel/csc/v1/credentials/list", new { userID = An }, cancellation);
        using var fpt = await Sandbox.Client.PostAsJsonAsync("fpt/esign/v1/certificates", new { userId = An }, cancellation);

        Assert.All([vnpt, viettel, viettelWithoutToken, fpt], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    [Fact]
    public async Task Each_faces_CA_is_generated_once_into_the_state_folder_and_reused_after_a_restart()
    {
        await using var sandbox = await VendorSandboxServer.StartAsync();
        var signing = new SandboxSigningClient(sandbox, "vnpt");
        var rootBefore = await signing.RootPemAsync();
        var (_, certificateBefore) = (await signing.CertificateAsync(An))!.Value;

        sandbox.Stop();
        await sandbox.StartAsync();

        Assert.Equal(rootBefore, await signing.RootPemAsync());
        var (_, certificateAfter) = (await signing.CertificateAsync(An))!.Value;
        Assert.Equal(certificateBefore.Thumbprint, certificateAfter.Thumbprint);
        Assert.True(File.Exists(Path.Combine(sandbox.StateDirectory, "vnpt", "ca", "root.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(sandbox.StateDirectory, "vnpt", "ca", "root.key.pem")));
        Assert.NotEqual(rootBefore, await new SandboxSigningClient(sandbox, "fpt").RootPemAsync());
    }

    [Fact]
    public async Task Settings_with_a_negative_delay_are_refused_as_a_problem_naming_the_field()
    {
        using var response = await Sandbox.Client.PutAsJsonAsync("sandbox/settings", DefaultSettings with { latency = "-00:00:01" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("latency", (await response.ReadAsync<Problem>()).ErrorFields);
    }

    private static SettingsBody DefaultSettings => new("Off", "00:00:00", "00:05:00", "00:00:00", "00:00:01");

    private static async Task<byte[]> SignConfirmedAsync(SandboxSigningClient signing, byte[] hash)
    {
        var (credential, _) = (await signing.CertificateAsync(An))!.Value;
        var transaction = await signing.StartAsync(An, credential, hash);
        using var confirm = await signing.PhoneAsync(transaction, "confirm");
        confirm.EnsureSuccessStatusCode();
        var (status, signature) = await signing.StatusAsync(transaction);
        Assert.Equal("COMPLETED", status);
        return signature!;
    }

    internal static async Task<(int ExitCode, string Output)> OpenSslVerifyAsync(byte[] signature, byte[] document, byte[] rootPem)
    {
        var folder = TestDirectories.Create("cms");
        try
        {
            var cancellation = TestContext.Current.CancellationToken;
            await File.WriteAllBytesAsync(Path.Combine(folder, "sig.p7s"), signature, cancellation);
            await File.WriteAllBytesAsync(Path.Combine(folder, "doc"), document, cancellation);
            await File.WriteAllBytesAsync(Path.Combine(folder, "root.pem"), rootPem, cancellation);
            var start = new ProcessStartInfo("openssl")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "doc", "-CAfile", "root.pem", "-out", "/dev/null" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellation) + await process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            return (process.ExitCode, output);
        }
        finally
        {
            TestDirectories.Delete(folder);
        }
    }

    private sealed record SettingsBody(string autoConfirm, string confirmDelay, string transactionLifetime, string latency, string smsDeliveryDelay);
}
