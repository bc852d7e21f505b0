using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HanoiEgov.Vendors;

/// <summary>
/// What a vendor module's one entry point uses to plug into the platform:
/// <code>
/// public static IHostApplicationBuilder AddVnpt(this IHostApplicationBuilder builder)
/// {
///     var vendor = builder.AddVendorModule(VnptModule.VendorName);   // "VNPT"
///     vendor.AddOptions&lt;VnptOptions&gt;();                             // bound from Vendors:VNPT, validated on start
///     vendor.AddHttpClient((services, http) =&gt;                      // "vendor-vnpt", with the vendor resilience pipeline
///         http.BaseAddress = services.GetRequiredService&lt;IOptions&lt;VnptOptions&gt;&gt;().Value.BaseUrl);
///     vendor.Provides&lt;IDigitalSignatureProvider, VnptSmartCaProvider&gt;()
///         .Provides&lt;ISmsGateway, VnptSmsGateway&gt;()
///         .AddHttpHealthCheck("./", failureStatus: HealthStatus.Degraded); // "vendor-vnpt", tag "vendor"
///     return builder;
/// }
/// </code>
/// The platform then picks a registered vendor per capability from configuration (see
/// <see cref="VendorCapabilityExtensions.AddVendorCapabilities"/>).
/// </summary>
public sealed partial class VendorModuleBuilder
{
    /// <summary>The tag of every vendor health check.</summary>
    public const string HealthCheckTag = "vendor";

    internal VendorModuleBuilder(IHostApplicationBuilder host, string vendor)
    {
        Host = host;
        Vendor = vendor;
    }

    /// <summary>The host being built.</summary>
    public IHostApplicationBuilder Host { get; }

    /// <summary>The vendor's name: the value configuration uses to choose it (<c>Capabilities:Sms = VNPT</c>).</summary>
    public string Vendor { get; }

    /// <summary>The vendor's configuration section path, <c>Vendors:&lt;Vendor&gt;</c>.</summary>
    public string ConfigurationSectionPath => $"Vendors:{Vendor}";

    /// <summary>The vendor's configuration section. Secrets come from user secrets or AppHost parameters, never from a file in git.</summary>
    public IConfigurationSection Configuration => Host.Configuration.GetSection(ConfigurationSectionPath);

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> the module must use for its spans,
    /// <c>HanoiEgov.Vendors.&lt;Vendor&gt;</c>; the platform's OpenTelemetry set-up collects every <c>HanoiEgov.*</c> source.
    /// </summary>
    public string ActivitySourceName => ActivitySourceNameOf(Vendor);

    /// <summary>The name of the module's health check and HTTP client, <c>vendor-&lt;vendor in lower case&gt;</c>.</summary>
    public string HealthCheckName => HttpClientNameOf(Vendor);

    /// <summary>The name of the HttpClient <see cref="AddHttpClient"/> registers; pass it to <see cref="IHttpClientFactory.CreateClient(string)"/>.</summary>
    public string HttpClientName => HealthCheckName;

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <see cref="ConfigurationSectionPath"/> and validates its data
    /// annotations on start, when configuration chooses this vendor for a capability (or when the host has no
    /// capability choice at all): a missing or malformed setting then stops the host with the key's name. A vendor
    /// that is compiled in but serves nothing needs no settings.
    /// </summary>
    public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class
    {
        var vendor = Vendor;
        Host.Services.AddSingleton<IValidateOptions<TOptions>>(services => new SelectedVendorOptionsValidation<TOptions>(vendor, services));
        return Host.Services.AddOptions<TOptions>()
            .BindConfiguration(ConfigurationSectionPath)
            .ValidateOnStart();
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> as this vendor's provider of the capability whose contract is
    /// <typeparamref name="TContract"/> (one of <see cref="IDigitalSignatureProvider"/>, <see cref="ISmsGateway"/>,
    /// <see cref="IEmailSender"/>, <see cref="IPaymentGateway"/>, <see cref="IPopulationRegistry"/>,
    /// <see cref="IResidenceRegistry"/>, <see cref="ISocialInsurance"/>, <see cref="IIdentityCardRegistry"/>), as a keyed singleton
    /// under <see cref="Vendor"/>. The platform resolves it only if configuration chooses this vendor.
    /// </summary>
    public VendorModuleBuilder Provides<TContract, TImplementation>()
        where TContract : class
        where TImplementation : class, TContract
    {
        var capability = VendorCapabilities.Of(typeof(TContract));
        Host.Services.AddKeyedSingleton<TContract, TImplementation>(Vendor);
        Host.Services.AddSingleton(new VendorRegistration(Vendor, capability));
        return this;
    }

    /// <summary>As <see cref="Provides{TContract, TImplementation}"/>, with a factory that builds the provider.</summary>
    public VendorModuleBuilder Provides<TContract>(Func<IServiceProvider, TContract> factory)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var capability = VendorCapabilities.Of(typeof(TContract));
        Host.Services.AddKeyedSingleton<TContract>(Vendor, (services, _) => factory(services));
        Host.Services.AddSingleton(new VendorRegistration(Vendor, capability));
        return this;
    }

    /// <summary>
    /// Registers the module's health check as <see cref="HealthCheckName"/> (or that name and a suffix), tagged
    /// <see cref="HealthCheckTag"/>. It runs only while configuration chooses the vendor for a capability; otherwise
    /// it reports Healthy, "serves no capability".
    /// </summary>
    /// <param name="suffix">Distinguishes a second check of the same vendor, e.g. "sms" gives <c>vendor-vnpt-sms</c>.</param>
    /// <param name="failureStatus">What the check reports when the vendor does not answer.</param>
    public VendorModuleBuilder AddHealthCheck<THealthCheck>(string? suffix = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
        where THealthCheck : class, IHealthCheck
    {
        var vendor = Vendor;
        Host.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            suffix is null ? HealthCheckName : $"{HealthCheckName}-{suffix}",
            services => new SelectedVendorHealthCheck(vendor, services, () => ActivatorUtilities.GetServiceOrCreateInstance<THealthCheck>(services)),
            failureStatus,
            [HealthCheckTag]));
        return this;
    }

    /// <summary>
    /// Registers a health check (<see cref="HealthCheckName"/>, tag <see cref="HealthCheckTag"/>) that GETs
    /// <paramref name="path"/> through the vendor's HttpClient (<see cref="AddHttpClient"/>): healthy on a 2xx answer,
    /// <paramref name="failureStatus"/> otherwise, also while the circuit is open, so the check recovers with the vendor.
    /// </summary>
    public VendorModuleBuilder AddHttpHealthCheck(string path, string? suffix = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var clientName = HttpClientName;
        var vendor = Vendor;
        Host.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            suffix is null ? HealthCheckName : $"{HealthCheckName}-{suffix}",
            services => new SelectedVendorHealthCheck(vendor, services, () => new VendorHttpHealthCheck(services.GetRequiredService<IHttpClientFactory>(), clientName, path)),
            failureStatus,
            [HealthCheckTag]));
        return this;
    }

    /// <summary>
    /// Registers the named HttpClient <see cref="HttpClientName"/> with the vendor resilience pipeline in place of
    /// the platform's default one: a timeout per attempt and in total, retries only for idempotent methods (GET,
    /// HEAD, PUT, DELETE, OPTIONS; a POST that creates something at the vendor is never repeated), and a circuit
    /// breaker that opens after repeated failures so calls fail fast (an <c>unavailable</c> failure, see
    /// <see cref="VendorFailure.FromException"/>) until the vendor answers again. Settings from
    /// <c>Vendors:&lt;Vendor&gt;:Resilience</c> (<see cref="VendorResilienceOptions"/>). The health check's probes
    /// have a pipeline (and a circuit) of their own, so a vendor page that answers while its API fails cannot keep
    /// the calls' circuit closed.
    /// </summary>
    /// <param name="configureClient">Sets the base address and credentials.</param>
    /// <param name="circuitOf">
    /// For a vendor that fronts several systems which fail apart (the provincial data-sharing platform's residence
    /// and social-insurance systems): names the system a request goes to, and each system gets a pipeline and a
    /// circuit of its own, so one system being down does not fail calls to the others. Null: one circuit.
    /// </param>
    public IHttpClientBuilder AddHttpClient(Action<IServiceProvider, HttpClient> configureClient, Func<HttpRequestMessage, string>? circuitOf = null)
    {
        var resilience = Configuration.GetSection("Resilience").Get<VendorResilienceOptions>() ?? new VendorResilienceOptions();
        var http = Host.Services.AddHttpClient(HttpClientName, configureClient);
#pragma warning disable EXTEXP0001 // Removing the platform's default handler is the documented way to give one client its own pipeline.
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddResilienceHandler(HttpClientName, pipeline =>
        {
            pipeline.AddTimeout(resilience.TotalTimeout);
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = resilience.MaxRetryAttempts,
                Delay = resilience.RetryDelay,
                BackoffType = Polly.DelayBackoffType.Exponential,
                UseJitter = true,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = resilience.CircuitFailureRatio,
                MinimumThroughput = resilience.CircuitMinimumThroughput,
                SamplingDuration = resilience.CircuitSamplingDuration,
                BreakDuration = resilience.CircuitBreakDuration,
            });
            pipeline.AddTimeout(resilience.AttemptTimeout);
        }).SelectPipelineBy(_ => request =>
            (VendorHttpHealthCheck.IsProbe(request) ? "health" : "calls") + (circuitOf is null ? "" : ":" + circuitOf(request)));
        return http;
    }

    /// <summary>
    /// <see cref="ActivitySourceName"/> of vendor <paramref name="vendor"/>, for a provider's own
    /// <see cref="System.Diagnostics.ActivitySource"/>, built before the host is.
    /// </summary>
    public static string ActivitySourceNameOf(string vendor) => $"HanoiEgov.Vendors.{vendor}";

    /// <summary><see cref="HttpClientName"/> of vendor <paramref name="vendor"/>, for a provider's <see cref="IHttpClientFactory.CreateClient(string)"/>.</summary>
    public static string HttpClientNameOf(string vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        return $"vendor-{vendor.ToLowerInvariant()}";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,31}$")]
    internal static partial Regex VendorName();
}

/// <summary>The resilience settings of a vendor's HttpClient, <c>Vendors:&lt;Vendor&gt;:Resilience</c>.</summary>
public sealed class VendorResilienceOptions
{
    /// <summary>Longest wait for one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for a call, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of an idempotent call after a transient failure (5xx, 408, 429, connection error, attempt timeout).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed calls within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls within <see cref="CircuitSamplingDuration"/> before the ratio counts.</summary>
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>The window the failure ratio is measured over.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before letting one through to test the vendor.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>How a vendor module plugs in: <see cref="AddVendorModule"/> from its one entry point.</summary>
public static class VendorModuleExtensions
{
    /// <summary>
    /// Starts the registration of vendor <paramref name="vendor"/> (letters and digits, e.g. "VNPT", "Viettel", "FPT").
    /// Call it once, from the module's entry point (<c>builder.AddVnpt()</c>).
    /// </summary>
    public static VendorModuleBuilder AddVendorModule(this IHostApplicationBuilder builder, string vendor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!VendorModuleBuilder.VendorName().IsMatch(vendor ?? ""))
        {
            throw new ArgumentException($"Vendor name '{vendor}' must be 2-32 letters and digits, starting with a letter.", nameof(vendor));
        }

        if (builder.Services.Any(service => service.ServiceType == typeof(VendorRegistration)
                && service.ImplementationInstance is VendorRegistration registration
                && string.Equals(registration.Vendor, vendor, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Vendor '{vendor}' is registered twice; call its entry point once.");
        }

        return new VendorModuleBuilder(builder, vendor!);
    }
}
