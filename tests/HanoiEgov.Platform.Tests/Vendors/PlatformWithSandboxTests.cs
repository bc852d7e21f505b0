using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using Microsoft.Extensions.DependencyInjection;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>
/// The platform host configured as the AppHost configures it while the vendor sandbox runs: the three vendor modules
/// registered from their <c>Vendors:*</c> settings and chosen by <c>Capabilities:*</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PlatformWithSandboxTests(LocalServersFixture servers) : IAsyncLifetime
{
    private VendorSandboxServer? sandbox;
    private PlatformHostFactory? factory;
    private HttpClient? client;

    private VendorSandboxServer Sandbox => sandbox!;

    public async ValueTask InitializeAsync()
    {
        sandbox = await VendorSandboxServer.StartAsync(new Dictionary<string, string> { ["Sandbox__Signing__AutoConfirm"] = "Confirm" });
        factory = new PlatformHostFactory(await servers.CreateDatabaseAsync("vendorsandbox"), servers.RedisConnectionString, servers.Identity.BaseAddress, new Dictionary<string, string>(sandbox.VendorSettings())
        {
            ["Capabilities:DigitalSignature"] = "VNPT",
            ["Capabilities:Sms"] = "VNPT",
            ["Capabilities:Payment"] = "Viettel",
            ["Capabilities:PopulationRegistry"] = "FPT",
            ["Capabilities:ResidenceRegistry"] = "LGSP",
            ["Capabilities:SocialInsurance"] = "LGSP",
            ["Capabilities:IdentityCardRegistry"] = "LGSP",
        });
        client = factory.CreateClient();
        await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Administrators_see_which_vendor_serves_each_capability_and_that_each_is_healthy()
    {
        var token = (await servers.Tokens.SignInAsync("admin")).GetProperty("access_token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/vendors") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

        using var response = await client!.SendAsync(request, TestContext.Current.CancellationToken);

        var overview = await response.ReadAsync<VendorsOverview>();
        var providers = overview.Capabilities.ToDictionary(item => item.Capability, item => item.Provider);
        Assert.Equal(("VNPT", "VNPT", "Viettel", "FPT", "Null"), (providers["DigitalSignature"], providers["Sms"], providers["Payment"], providers["PopulationRegistry"], providers["Email"]));
        var health = overview.Health.ToDictionary(item => item.Check, item => item.Status);
        Assert.Equal(("Healthy", "Healthy", "Healthy"), (health["vendor-vnpt"], health["vendor-viettel"], health["vendor-fpt"]));
        Assert.Equal(("LGSP", "LGSP", "LGSP"), (providers["ResidenceRegistry"], providers["SocialInsurance"], providers["IdentityCardRegistry"]));
        Assert.Equal(("Healthy", "Healthy", "Healthy"), (health["vendor-lgsp-cutru"], health["vendor-lgsp-bhxh"], health["vendor-lgsp-cancuoc"]));
    }

    [Fact]
    public async Task A_hash_signed_through_the_platforms_signature_provider_verifies_against_the_VNPT_sandbox_root()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var signing = factory!.Services.GetRequiredService<IDigitalSignatureProvider>();
        var document = Encoding.UTF8.GetBytes("Kết quả hồ sơ 00004-261129-0001");

        var transaction = await signing.RequestSignatureAsync(
            new SignHashRequest(Guid.NewGuid().ToString("N"), "001090012345", null, SHA256.HashData(document), HashAlgorithmName.SHA256, "ket-qua.pdf"), cancellation);
        var signature = await signing.GetSignatureAsync(transaction.Value!.TransactionId, cancellation);

        using var root = X509Certificate2.CreateFromPem(await Sandbox.Client.GetStringAsync("vnpt/ca/root.pem", cancellation));
        var verification = CmsSignatureVerifier.Verify(signature.Value!.Cms.Span, document, [root]);
        Assert.True(verification.IsValid, verification.Reason);
        Assert.Contains("CN=Nguyễn Văn An", verification.Signer, StringComparison.Ordinal);
        Assert.Equal(3, verification.Chain.Count);
    }

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }
    }
}
