using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Lgsp;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// A host with the four vendor modules registered through their entry points and pointed at a sandbox, as the
/// AppHost points the platform at it (<c>Vendors:*</c>), from which a test or the benchmark takes a vendor's keyed provider.
/// </summary>
internal sealed class VendorModuleHost : IDisposable
{
    private readonly IHost host;

    public VendorModuleHost(VendorSandboxServer sandbox, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(sandbox.VendorSettings().Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        if (extra is not null)
        {
            builder.Configuration.AddInMemoryCollection(extra);
        }

        builder.AddVnpt();
        builder.AddViettel();
        builder.AddFpt();
        builder.AddLgsp();
        host = builder.Build();
    }

    public IServiceProvider Services => host.Services;

    public T Provider<T>(string vendor) where T : notnull => host.Services.GetRequiredKeyedService<T>(vendor);

    public void Dispose() => host.Dispose();
}
