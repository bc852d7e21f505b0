using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Fpt;

/// <summary>FPT: eSign remote signing (<see cref="IDigitalSignatureProvider"/>) and eKYC population lookups (<see cref="IPopulationRegistry"/>).</summary>
public static class FptModule
{
    /// <summary>The vendor's name in <c>Capabilities:*</c> and its settings section <c>Vendors:FPT</c>.</summary>
    public const string VendorName = "FPT";

    /// <summary>The HttpClient and activity source the module's providers use, named as the module builder names them.</summary>
    internal static readonly VendorConnection Connection = new(VendorName);

    /// <summary>
    /// Registers FPT's providers under <see cref="VendorName"/>, bound to <c>Vendors:FPT</c> (<c>BaseUrl</c>,
    /// <c>RelyingParty</c>, <c>RelyingPartyPassword</c>, optional <c>Resilience</c>), with a resilient HttpClient
    /// that authenticates as the relying party, a health check <c>vendor-fpt</c> and the activity source
    /// <c>HanoiEgov.Vendors.FPT</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFpt(this IHostApplicationBuilder builder)
    {
        var vendor = builder.AddVendorModule(VendorName);
        vendor.AddOptions<FptOptions>();
        vendor.AddHttpClient((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<FptOptions>>().Value;
            http.BaseAddress = options.BaseUrl;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.RelyingParty}:{options.RelyingPartyPassword}")));
        });
        vendor.Provides<IDigitalSignatureProvider, FptESignProvider>()
            .Provides<IPopulationRegistry, FptPopulationRegistry>()
            .AddHttpHealthCheck("./", failureStatus: HealthStatus.Degraded);
        return builder;
    }
}

/// <summary>The <c>Vendors:FPT</c> section.</summary>
internal sealed class FptOptions
{
    /// <summary>Where FPT's APIs are: <c>esign/v1/</c> and <c>ekyc/v1/</c>.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    [Required]
    public string RelyingParty { get; set; } = "";

    /// <summary>Secret: user secrets or an AppHost parameter, never in git.</summary>
    [Required]
    public string RelyingPartyPassword { get; set; } = "";
}
