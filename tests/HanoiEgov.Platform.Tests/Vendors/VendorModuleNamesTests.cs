using HanoiEgov.Vendors;
using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Lgsp;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>A vendor module's providers call through the client and trace under the source its builder registers and the platform collects.</summary>
[Trait("Category", "Unit")]
public sealed class VendorModuleNamesTests
{
    [Fact]
    public void FPT_calls_through_the_client_and_source_its_builder_names() =>
        AssertNamedByBuilder(FptModule.VendorName, FptModule.Connection.HttpClientName, FptModule.Connection.Source.Name);

    [Fact]
    public void LGSP_calls_through_the_client_and_source_its_builder_names() =>
        AssertNamedByBuilder(LgspModule.VendorName, LgspModule.Connection.HttpClientName, LgspModule.Connection.Source.Name);

    [Fact]
    public void Viettel_calls_through_the_client_and_source_its_builder_names() =>
        AssertNamedByBuilder(ViettelModule.VendorName, ViettelModule.Connection.HttpClientName, ViettelModule.Connection.Source.Name);

    [Fact]
    public void VNPT_calls_through_the_client_and_source_its_builder_names() =>
        AssertNamedByBuilder(VnptModule.VendorName, VnptModule.Connection.HttpClientName, VnptModule.Connection.Source.Name);

    private static void AssertNamedByBuilder(string vendor, string httpClientName, string activitySourceName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }).AddVendorModule(vendor);

        Assert.Equal((builder.HttpClientName, builder.ActivitySourceName), (httpClientName, activitySourceName));
        Assert.StartsWith("HanoiEgov.", activitySourceName, StringComparison.Ordinal);
    }
}
