using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Lgsp;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;

namespace HanoiEgov.PlatformHost;

/// <summary>
/// The vendor modules this host can use. Each registers when its <c>Vendors:&lt;name&gt;</c> section is given (the
/// AppHost points them at the vendor sandbox in development); <c>Capabilities:*</c> then picks among them. Adding a
/// vendor is a project reference and one line here.
/// </summary>
internal static class PlatformVendors
{
    private static readonly (string Name, Action<IHostApplicationBuilder> Add)[] All =
    [
        (VnptModule.VendorName, builder => builder.AddVnpt()),
        (ViettelModule.VendorName, builder => builder.AddViettel()),
        (FptModule.VendorName, builder => builder.AddFpt()),
        (LgspModule.VendorName, builder => builder.AddLgsp()),
    ];

    public static IHostApplicationBuilder AddConfiguredVendors(this IHostApplicationBuilder builder)
    {
        foreach (var (_, add) in All.Where(vendor => builder.Configuration.GetSection($"Vendors:{vendor.Name}").Exists()))
        {
            add(builder);
        }

        return builder;
    }
}
