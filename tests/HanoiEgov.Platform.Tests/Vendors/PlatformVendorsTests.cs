using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.ConformanceKit;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The platform host runs without any vendor and tells administrators who serves each capability.</summary>
[Trait("Category", "Integration")]
public sealed class PlatformVendorsTests(LocalServersFixture servers) : HostedPlatformTests(servers, "vendors")
{
    [Fact]
    public async Task Without_vendors_the_platform_serves_every_capability_with_the_Null_providers_and_shows_it_to_administrators()
    {
        using var response = await GetAsync("admin", "officials-portal", "/api/admin/vendors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overview = await response.ReadAsync<VendorsOverview>();
        var capabilities = overview.Capabilities;
        Assert.Equal(Enum.GetNames<VendorCapability>(), capabilities.Select(capability => capability.Capability));
        Assert.All(capabilities, capability =>
        {
            Assert.Equal(NullVendor.Name, capability.Provider);
            Assert.True(capability.Defaulted);
        });
        Assert.Empty(overview.Health);
    }

    [Theory]
    [InlineData("head.badinh", "officials-portal")]
    [InlineData("nguyen.van.an", "citizen-portal")]
    public async Task Only_platform_administrators_see_the_vendors(string user, string client)
    {
        using var response = await GetAsync(user, client, "/api/admin/vendors");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(string user, string client, string path)
    {
        var token = (await Servers.Tokens.SignInAsync(user, client)).GetProperty("access_token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

/// <summary>The contracts a vendor references stand alone, and the platform's own providers resolve through them.</summary>
[Trait("Category", "Integration")]
public sealed class VendorContractsTests
{
    [Fact]
    public void The_contracts_reference_no_platform_assembly_and_keep_public_types_in_one_namespace()
    {
        var contracts = typeof(IDigitalSignatureProvider).Assembly;

        Assert.DoesNotContain(contracts.GetReferencedAssemblies(), reference => reference.Name!.StartsWith("HanoiEgov.", StringComparison.Ordinal));
        Assert.All(contracts.GetExportedTypes(), type => Assert.Equal("HanoiEgov.Vendors", type.Namespace));
        Assert.All(typeof(Conformance).Assembly.GetExportedTypes(), type => Assert.Equal("HanoiEgov.Vendors.ConformanceKit", type.Namespace));
    }
}
