using System.ComponentModel.DataAnnotations;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Viettel;

/// <summary>Viettel: MySign remote signing (<see cref="IDigitalSignatureProvider"/>) and the payment gateway (<see cref="IPaymentGateway"/>).</summary>
public static class ViettelModule
{
    /// <summary>The vendor's name in <c>Capabilities:*</c> and its settings section <c>Vendors:Viettel</c>.</summary>
    public const string VendorName = "Viettel";

    /// <summary>The HttpClient and activity source the module's providers use, named as the module builder names them.</summary>
    internal static readonly VendorConnection Connection = new(VendorName);

    /// <summary>
    /// Registers Viettel's providers under <see cref="VendorName"/>, bound to <c>Vendors:Viettel</c> (<c>BaseUrl</c>,
    /// <c>ClientId</c>, <c>ClientSecret</c>, <c>MerchantCode</c>, <c>HashKey</c>, optional <c>IpnUrl</c> and
    /// <c>Resilience</c>), with a resilient HttpClient, a health check <c>vendor-viettel</c> and the activity source
    /// <c>HanoiEgov.Vendors.Viettel</c>.
    /// </summary>
    public static IHostApplicationBuilder AddViettel(this IHostApplicationBuilder builder)
    {
        var vendor = builder.AddVendorModule(VendorName);
        vendor.AddOptions<ViettelOptions>();
        vendor.AddHttpClient((services, http) => http.BaseAddress = services.GetRequiredService<IOptions<ViettelOptions>>().Value.BaseUrl);
        builder.Services.AddSingleton<ViettelTokenSource>();
        builder.Services.AddSingleton<PaymentCallbackLedger>();
        vendor.Provides<IDigitalSignatureProvider, ViettelMySignProvider>()
            .Provides<IPaymentGateway, ViettelPaymentGateway>()
            .AddHttpHealthCheck("./", failureStatus: HealthStatus.Degraded);
        return builder;
    }
}

/// <summary>The <c>Vendors:Viettel</c> section.</summary>
internal sealed class ViettelOptions
{
    /// <summary>Where Viettel's APIs are: <c>oauth2/token</c>, <c>csc/v1/</c>, <c>payment/v1/</c>.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>Secret: user secrets or an AppHost parameter, never in git.</summary>
    [Required]
    public string ClientSecret { get; set; } = "";

    [Required]
    public string MerchantCode { get; set; } = "";

    /// <summary>Secret: the key of the payment gateway's HMAC-SHA256 <c>check_sum</c>.</summary>
    [Required]
    public string HashKey { get; set; } = "";

    /// <summary>Where the gateway posts its server-to-server notification (IPN); none when null.</summary>
    public Uri? IpnUrl { get; set; }
}
