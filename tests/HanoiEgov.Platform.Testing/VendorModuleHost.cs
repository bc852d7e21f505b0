using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// A host with the three vendor modules registered through their entry points and pointed at a sandbox, as the
/// AppHost points the platform at it (<c>Vendors:*</c>), from which a test or the benchmark takes a vendor's keyed provider.
/// </summary>
internal sealed class VendorModuleHost : IDisposable
{
    private readonly IHost host;

    public VendorModuleHost(VendorSandboxServer sandbox, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        var credentials = sandbox.Credentials;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vendors:VNPT:BaseUrl"] = sandbox.Face("vnpt").ToString(),
            ["Vendors:VNPT:SpId"] = credentials.VnptSpId,
            ["Vendors:VNPT:SpPassword"] = credentials.VnptSpPassword,
            ["Vendors:VNPT:Brandname"] = credentials.Brandname,
            ["Vendors:Viettel:BaseUrl"] = sandbox.Face("viettel").ToString(),
            ["Vendors:Viettel:ClientId"] = credentials.ViettelClientId,
            ["Vendors:Viettel:ClientSecret"] = credentials.ViettelClientSecret,
            ["Vendors:Viettel:MerchantCode"] = credentials.MerchantCode,
            ["Vendors:Viettel:HashKey"] = credentials.HashKey,
            ["Vendors:FPT:BaseUrl"] = sandbox.Face("fpt").ToString(),
            ["Vendors:FPT:RelyingParty"] = credentials.FptRelyingParty,
            ["Vendors:FPT:RelyingPartyPassword"] = credentials.FptPassword,
        });
        if (extra is not null)
        {
            builder.Configuration.AddInMemoryCollection(extra);
        }

        builder.AddVnpt();
        builder.AddViettel();
        builder.AddFpt();
        host = builder.Build();
    }

    public IServiceProvider Services => host.Services;

    public T Provider<T>(string vendor) where T : notnull => host.Services.GetRequiredKeyedService<T>(vendor);

    public void Dispose() => host.Dispose();
}
