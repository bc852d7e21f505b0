using System.ComponentModel.DataAnnotations;
using HanoiEgov.Vendors.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors.Lgsp;

/// <summary>
/// The provincial data-sharing platform (LGSP): the police's residence system (<see cref="IResidenceRegistry"/>,
/// under <c>cutru/v1/</c>), Social Security (<see cref="ISocialInsurance"/>, under <c>bhxh/v1/</c>) and the police's
/// identity-card system (<see cref="IIdentityCardRegistry"/>, under <c>cancuoc/v1/</c>). The systems fail apart, so
/// each has a circuit and a health check of its own.
/// </summary>
public static class LgspModule
{
    /// <summary>The vendor's name in <c>Capabilities:*</c> and its settings section <c>Vendors:LGSP</c>.</summary>
    public const string VendorName = "LGSP";

    /// <summary>The path prefix of the residence system's services.</summary>
    internal const string Residence = "cutru";

    /// <summary>The path prefix of Social Security's services.</summary>
    internal const string Insurance = "bhxh";

    /// <summary>The path prefix of the identity-card system's services.</summary>
    internal const string IdentityCards = "cancuoc";

    /// <summary>The HttpClient and activity source the module's providers use, named as the module builder names them.</summary>
    internal static readonly VendorConnection Connection = new(VendorName);

    /// <summary>
    /// Registers LGSP's providers under <see cref="VendorName"/>, bound to <c>Vendors:LGSP</c> (<c>BaseUrl</c>,
    /// <c>ConsumerKey</c>, <c>ApiKey</c>, optional <c>Resilience</c>), with a resilient HttpClient whose circuit is
    /// kept per system, the health checks <c>vendor-lgsp-cutru</c>, <c>vendor-lgsp-bhxh</c> and <c>vendor-lgsp-cancuoc</c> and the activity
    /// source <c>HanoiEgov.Vendors.LGSP</c>.
    /// </summary>
    public static IHostApplicationBuilder AddLgsp(this IHostApplicationBuilder builder)
    {
        var vendor = builder.AddVendorModule(VendorName);
        vendor.AddOptions<LgspOptions>();
        vendor.AddHttpClient(
            (services, http) =>
            {
                var options = services.GetRequiredService<IOptions<LgspOptions>>().Value;
                http.BaseAddress = options.BaseUrl;
                http.DefaultRequestHeaders.Add("X-Consumer-Key", options.ConsumerKey);
                http.DefaultRequestHeaders.Add("apikey", options.ApiKey);
            },
            SystemOf);
        vendor.Provides<IResidenceRegistry, LgspResidenceRegistry>()
            .Provides<ISocialInsurance, LgspSocialInsurance>()
            .Provides<IIdentityCardRegistry, LgspIdentityCardRegistry>()
            .AddHttpHealthCheck($"{Residence}/v1/", Residence, HealthStatus.Degraded)
            .AddHttpHealthCheck($"{Insurance}/v1/", Insurance, HealthStatus.Degraded)
            .AddHttpHealthCheck($"{IdentityCards}/v1/", IdentityCards, HealthStatus.Degraded);
        return builder;
    }

    /// <summary>Which of LGSP's systems a request goes to: the segment before <c>/v1/</c>.</summary>
    internal static string SystemOf(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath switch
        {
            { } path when path.Contains($"/{Insurance}/", StringComparison.Ordinal) => Insurance,
            { } path when path.Contains($"/{IdentityCards}/", StringComparison.Ordinal) => IdentityCards,
            _ => Residence,
        };
}

/// <summary>The <c>Vendors:LGSP</c> section.</summary>
internal sealed class LgspOptions
{
    /// <summary>Where the platform's LGSP services are: <c>cutru/v1/</c>, <c>bhxh/v1/</c> and <c>cancuoc/v1/</c> under it.</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>The platform's application at the LGSP gateway.</summary>
    [Required]
    public string ConsumerKey { get; set; } = "";

    /// <summary>Secret: user secrets or an AppHost parameter, never in git.</summary>
    [Required]
    public string ApiKey { get; set; } = "";
}
