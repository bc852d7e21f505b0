using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors;

/// <summary>The platform's side: which registered vendor serves each capability, chosen by configuration.</summary>
public static class VendorCapabilityExtensions
{
    /// <summary>The configuration section that chooses providers.</summary>
    public const string SectionName = "Capabilities";

    /// <summary>The health check that reports which vendor serves each capability (always healthy; the data say who).</summary>
    public const string HealthCheckName = "vendor-capabilities";

    /// <summary>
    /// Reads <c>Capabilities:&lt;Capability&gt;</c> for each <see cref="VendorCapability"/>, either a vendor name
    /// (<c>Capabilities:DigitalSignature = VNPT</c>) or a provider and a fallback
    /// (<c>Capabilities:Sms:Provider = VNPT</c>, <c>Capabilities:Sms:Fallback = Null</c>), and registers
    /// <see cref="IDigitalSignatureProvider"/>, <see cref="ISmsGateway"/>, <see cref="IEmailSender"/>,
    /// <see cref="IPaymentGateway"/>, <see cref="IPopulationRegistry"/>, <see cref="IResidenceRegistry"/>,
    /// <see cref="ISocialInsurance"/> and <see cref="IIdentityCardRegistry"/> as the chosen providers. The fallback
    /// serves a call only when the provider answers <see cref="VendorFailure.IsUnavailable"/>, never after a business
    /// rejection. The development providers are registered as vendor <c>Null</c>. A capability not configured is
    /// served by <c>Null</c> in the Development environment and stops any other host at start; outside Development
    /// <c>Null</c> may be neither provider nor fallback of Payment, DigitalSignature, PopulationRegistry,
    /// ResidenceRegistry, SocialInsurance or IdentityCardRegistry (it would pay, sign, answer for a citizen or decide
    /// for the police or Social Security itself), only of Sms and Email. An unknown capability
    /// name, or a vendor that no module registered for that capability, stops the host at start with an
    /// <see cref="OptionsValidationException"/> naming it. Vendor modules may be added before or after this call.
    /// </summary>
    public static IHostApplicationBuilder AddVendorCapabilities(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(service => service.ServiceType == typeof(VendorCapabilitySelection)))
        {
            return builder;
        }

        builder.AddNullVendor();
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<VendorCapabilityOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Read(configuration.GetSection(SectionName)))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VendorCapabilityOptions>>(services =>
            new VendorCapabilityValidator(services.GetServices<VendorRegistration>(), development));
        builder.Services.AddSingleton(services => new VendorCapabilitySelection(
            services.GetRequiredService<IOptions<VendorCapabilityOptions>>().Value, services.GetServices<VendorRegistration>(), development));
        builder.Services.AddHostedService<VendorCapabilityLog>();
        builder.Services.AddHealthChecks().AddCheck<VendorCapabilityHealthCheck>(HealthCheckName, tags: [VendorModuleBuilder.HealthCheckTag]);

        builder.Services.TryAddSingleton<IDigitalSignatureProvider>(services => new RoutedDigitalSignatureProvider(services.Route<IDigitalSignatureProvider>(VendorCapability.DigitalSignature)));
        builder.Services.TryAddSingleton<ISmsGateway>(services => new RoutedSmsGateway(services.Route<ISmsGateway>(VendorCapability.Sms)));
        builder.Services.TryAddSingleton<IEmailSender>(services => new RoutedEmailSender(services.Route<IEmailSender>(VendorCapability.Email)));
        builder.Services.TryAddSingleton<IPaymentGateway>(services => new RoutedPaymentGateway(services.Route<IPaymentGateway>(VendorCapability.Payment)));
        builder.Services.TryAddSingleton<IPopulationRegistry>(services => new RoutedPopulationRegistry(services.Route<IPopulationRegistry>(VendorCapability.PopulationRegistry)));
        builder.Services.TryAddSingleton<IResidenceRegistry>(services => new RoutedResidenceRegistry(services.Route<IResidenceRegistry>(VendorCapability.ResidenceRegistry)));
        builder.Services.TryAddSingleton<ISocialInsurance>(services => new RoutedSocialInsurance(services.Route<ISocialInsurance>(VendorCapability.SocialInsurance)));
        builder.Services.TryAddSingleton<IIdentityCardRegistry>(services => new RoutedIdentityCardRegistry(services.Route<IIdentityCardRegistry>(VendorCapability.IdentityCardRegistry)));
        return builder;
    }

    private static CapabilityRoute<T> Route<T>(this IServiceProvider services, VendorCapability capability) where T : class
    {
        var choice = services.GetRequiredService<VendorCapabilitySelection>().Of(capability);
        return new CapabilityRoute<T>(
            capability,
            choice.Provider,
            services.GetRequiredKeyedService<T>(choice.Provider),
            choice.Fallback,
            choice.Fallback is null ? null : services.GetRequiredKeyedService<T>(choice.Fallback),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("HanoiEgov.Vendors.Capabilities"));
    }
}

/// <summary>Which vendor serves a capability, and which one stands in when it is unavailable.</summary>
/// <param name="Capability">The capability.</param>
/// <param name="Provider">The vendor that serves it, as registered.</param>
/// <param name="Fallback">The vendor that serves it while the provider is unavailable, or null.</param>
/// <param name="Defaulted">True when configuration named nothing and Development chose the <c>Null</c> provider.</param>
public sealed record CapabilityChoice(VendorCapability Capability, string Provider, string? Fallback, bool Defaulted);

/// <summary>The validated choice of a provider for every capability; resolve it to show operators who serves what.</summary>
public sealed class VendorCapabilitySelection
{
    internal VendorCapabilitySelection(VendorCapabilityOptions options, IEnumerable<VendorRegistration> registrations, bool development)
    {
        var (choices, errors) = options.Resolve(registrations, development);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(VendorCapabilityExtensions.SectionName, typeof(VendorCapabilityOptions), errors);
        }

        Choices = choices;
    }

    /// <summary>One choice per capability, in <see cref="VendorCapability"/> order.</summary>
    public IReadOnlyList<CapabilityChoice> Choices { get; }

    /// <summary>The choice for one capability.</summary>
    public CapabilityChoice Of(VendorCapability capability) => Choices.Single(choice => choice.Capability == capability);
}

/// <summary>The <c>Capabilities</c> section as read, and the rules that turn it into choices.</summary>
internal sealed class VendorCapabilityOptions
{
    private static readonly string[] ChoiceKeys = ["Provider", "Fallback"];

    private readonly Dictionary<string, (string? Provider, string? Fallback, bool Simple)> configured = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> readErrors = [];

    public void Read(IConfigurationSection section)
    {
        foreach (var child in section.GetChildren())
        {
            var path = $"{VendorCapabilityExtensions.SectionName}:{child.Key}";
            foreach (var unknown in child.GetChildren().Where(key => !ChoiceKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase)))
            {
                readErrors.Add($"{path}:{unknown.Key} is not a setting; a capability takes a vendor name, or Provider and Fallback.");
            }

            // A plain value may meet a Fallback from another source (Capabilities__Sms=VNPT plus Capabilities__Sms__Fallback=Null).
            var provider = child["Provider"];
            if (child.Value is not null && provider is not null && !string.Equals(child.Value, provider, StringComparison.OrdinalIgnoreCase))
            {
                readErrors.Add($"{path} names '{child.Value}' and {path}:Provider names '{provider}'; name the provider once.");
            }

            configured[child.Key] = (child.Value ?? provider, child["Fallback"], child.Value is not null && provider is null);
        }
    }

    public (List<CapabilityChoice> Choices, List<string> Errors) Resolve(IEnumerable<VendorRegistration> registrations, bool development)
    {
        var errors = new List<string>(readErrors);
        var choices = new List<CapabilityChoice>();
        var known = Enum.GetNames<VendorCapability>();
        foreach (var name in configured.Keys.Where(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add($"{VendorCapabilityExtensions.SectionName}:{name} names no capability; the capabilities are {string.Join(", ", known)}.");
        }

        foreach (var capability in Enum.GetValues<VendorCapability>())
        {
            var path = $"{VendorCapabilityExtensions.SectionName}:{capability}";
            var vendors = registrations.Where(registration => registration.Capability == capability).Select(registration => registration.Vendor).Distinct().ToList();
            string? Registered(string? vendor, string key)
            {
                if (string.IsNullOrWhiteSpace(vendor))
                {
                    return null;
                }

                var match = vendors.FirstOrDefault(registered => string.Equals(registered, vendor.Trim(), StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    errors.Add($"{key} names vendor '{vendor}', but no vendor module registered for {capability} has that name; registered: {string.Join(", ", vendors)}. Reference the vendor's module and call its entry point (e.g. builder.AddVnpt()).");
                }

                return match;
            }

            if (!configured.TryGetValue(capability.ToString(), out var setting))
            {
                if (development)
                {
                    choices.Add(new CapabilityChoice(capability, NullVendor.Name, null, Defaulted: true));
                }
                else
                {
                    errors.Add(SettlesForReal(capability)
                        ? $"{path} is not configured; outside Development every capability must name its vendor ({string.Join(", ", vendors.Where(vendor => vendor != NullVendor.Name))})."
                        : $"{path} is not configured; outside Development every capability must name its vendor ({string.Join(", ", vendors)}), '{NullVendor.Name}' for none.");
                }

                continue;
            }

            var providerKey = setting.Simple ? path : $"{path}:Provider";
            if (string.IsNullOrWhiteSpace(setting.Provider))
            {
                errors.Add($"{path}:Provider is missing; name the vendor that serves {capability}.");
                continue;
            }

            var provider = Registered(setting.Provider, providerKey);
            var fallback = Registered(setting.Fallback, $"{path}:Fallback");
            if (!development && SettlesForReal(capability))
            {
                foreach (var (vendor, key) in new[] { (provider, providerKey), (fallback, $"{path}:Fallback") })
                {
                    if (vendor == NullVendor.Name)
                    {
                        errors.Add($"{key} names '{NullVendor.Name}', the development provider, which would {WhatNullWouldDo(capability)}; outside Development name a real vendor, or no fallback.");
                    }
                }
            }

            if (provider is not null && fallback is not null && provider == fallback)
            {
                errors.Add($"{path}:Fallback names the provider itself ('{provider}'); a fallback must be another vendor.");
            }
            else if (provider is not null && (fallback is not null || string.IsNullOrWhiteSpace(setting.Fallback)))
            {
                choices.Add(new CapabilityChoice(capability, provider, fallback, Defaulted: false));
            }
        }

        return (choices, errors);
    }

    /// <summary>
    /// Capabilities whose development provider would decide something real (fees paid, a document signed, a citizen's
    /// record), so <c>Null</c> may serve them only in Development; SMS and e-mail may fall back to it anywhere.
    /// </summary>
    private static bool SettlesForReal(VendorCapability capability) =>
        capability is VendorCapability.Payment or VendorCapability.DigitalSignature or VendorCapability.PopulationRegistry
            or VendorCapability.ResidenceRegistry or VendorCapability.SocialInsurance or VendorCapability.IdentityCardRegistry;

    private static string WhatNullWouldDo(VendorCapability capability) => capability switch
    {
        VendorCapability.Payment => "mark fees paid by a callback the platform signs itself",
        VendorCapability.DigitalSignature => "sign results with a CA made in memory at start",
        VendorCapability.ResidenceRegistry => "decide residence cases for the police itself",
        VendorCapability.SocialInsurance => "issue health-insurance cards and pay allowances for Social Security itself",
        VendorCapability.IdentityCardRegistry => "issue children's identity cards for the police itself",
        _ => "answer for citizens from its three demo records",
    };
}

internal sealed class VendorCapabilityValidator(IEnumerable<VendorRegistration> registrations, bool development) : IValidateOptions<VendorCapabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, VendorCapabilityOptions options)
    {
        var (_, errors) = options.Resolve(registrations, development);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Says at start which vendor serves each capability.</summary>
internal sealed partial class VendorCapabilityLog(VendorCapabilitySelection selection, ILogger<VendorCapabilitySelection> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var choice in selection.Choices)
        {
            if (choice.Defaulted)
            {
                LogDefaulted(logger, choice.Capability, choice.Provider);
            }
            else
            {
                LogChoice(logger, choice.Capability, choice.Provider, choice.Fallback ?? "none");
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Capability {Capability} is served by {Vendor}, fallback {Fallback}")]
    private static partial void LogChoice(ILogger logger, VendorCapability capability, string vendor, string fallback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Capability {Capability} is not configured; Development uses the {Vendor} provider (nothing leaves the platform)")]
    private static partial void LogDefaulted(ILogger logger, VendorCapability capability, string vendor);
}

/// <summary>Shows operators (health check data, e.g. in the dashboard's health reports) who serves what.</summary>
internal sealed class VendorCapabilityHealthCheck(VendorCapabilitySelection selection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            string.Join("; ", selection.Choices.Select(choice => $"{choice.Capability}: {choice.Provider}{(choice.Fallback is null ? "" : $" (fallback {choice.Fallback})")}")),
            selection.Choices.ToDictionary(choice => choice.Capability.ToString(), choice => (object)(choice.Fallback is null ? choice.Provider : $"{choice.Provider}, fallback {choice.Fallback}"))));
}
