using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors;

/// <summary>Whether configuration chooses a vendor for some capability (always true in a host without a capability choice).</summary>
internal static class SelectedVendor
{
    public static bool IsSelected(IServiceProvider services, string vendor) =>
        services.GetService<VendorCapabilitySelection>() is not { } selection
        || selection.Choices.Any(choice => choice.Provider == vendor || choice.Fallback == vendor);
}

/// <summary>The data annotations of a vendor's options, checked only when the vendor serves a capability.</summary>
internal sealed class SelectedVendorOptionsValidation<TOptions>(string vendor, IServiceProvider services) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        SelectedVendor.IsSelected(services, vendor)
            ? new DataAnnotationValidateOptions<TOptions>(name).Validate(name, options)
            : ValidateOptionsResult.Skip;
}

/// <summary>A vendor's health check, run only when the vendor serves a capability.</summary>
internal sealed class SelectedVendorHealthCheck(string vendor, IServiceProvider services, Func<IHealthCheck> check) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        SelectedVendor.IsSelected(services, vendor)
            ? check().CheckHealthAsync(context, cancellationToken)
            : Task.FromResult(HealthCheckResult.Healthy($"{vendor} serves no capability; not checked."));
}
