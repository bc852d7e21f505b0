using System.ComponentModel.DataAnnotations;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Vnpt;

/// <summary>VNPT: SmartCA remote signing (<see cref="IDigitalSignatureProvider"/>) and SMS brandname (<see cref="ISmsGateway"/>).</summary>
public static class VnptModule
{
    /// <summary>The vendor's name in <c>Capabilities:*</c> and its settings section <c>Vendors:VNPT</c>.</summary>
    public const string VendorName = "VNPT";

    /// <summary>The HttpClient and activity source the module's providers use, named as the module builder names them.</summary>
    internal static readonly VendorConnection Connection = new(VendorName);

    /// <summary>
    /// Registers VNPT's providers under <see cref="VendorName"/>, bound to <c>Vendors:VNPT</c> (<c>BaseUrl</c>,
    /// <c>SpId</c>, <c>SpPassword</c>, <c>Brandname</c>, optional <c>Resilience</c>), with a resilient HttpClient,
    /// a health check <c>vendor-vnpt</c> and the activity source <c>HanoiEgov.Vendors.VNPT</c>.
    /// </summary>
    public static IHostApplicationBuilder AddVnpt(this IHostApplicationBuilder builder)
    {
        var vendor = builder.AddVendorModule(VendorName);
        vendor.AddOptions<VnptOptions>();
        vendor.AddHttpClient((services, http) => http.BaseAddress = services.GetRequiredService<IOptions<VnptOptions>>().Value.BaseUrl);
        vendor.Provides<IDigitalSignatureProvider, VnptSmartCaProvider>()
            .Provides<ISmsGateway, VnptSmsGateway>()
            .AddHttpHealthCheck("./", failureStatus: HealthStatus.Degraded);
        return builder;
    }
}

/// <summary>The <c>Vendors:VNPT</c> section.</summary>
internal sealed class VnptOptions
{
    /// <summary>Where VNPT's APIs are: SmartCA under <c>sca/sp769/v1/</c>, SMS under <c>sms/v1/</c>.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    [Required]
    public string SpId { get; set; } = "";

    /// <summary>Secret: user secrets or an AppHost parameter, never in git.</summary>
    [Required]
    public string SpPassword { get; set; } = "";

    [Required]
    public string Brandname { get; set; } = "";
}
