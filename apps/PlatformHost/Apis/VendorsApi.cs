using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HanoiEgov.PlatformHost.Apis;

/// <summary>Which vendor serves a capability, its fallback, and whether the configuration left it to Development's default.</summary>
internal sealed record VendorCapabilityStatus(string Capability, string Provider, string? Fallback, bool Defaulted);

/// <summary>A vendor module's health check as it answered just now.</summary>
internal sealed record VendorHealth(string Check, string Status, string? Description);

internal sealed record VendorsOverview(IReadOnlyList<VendorCapabilityStatus> Capabilities, IReadOnlyList<VendorHealth> Health);

/// <summary>An administrator's read of the vendors: the capability selection and the health checks to run.</summary>
internal sealed record GetVendorsRequest(VendorCapabilitySelection Selection, HealthCheckService Health, CancellationToken CancellationToken);

internal static class VendorsApi
{
    public static IEndpointRouteBuilder MapVendorsApi(this IEndpointRouteBuilder endpoints)
    {
        var vendors = endpoints.MapGroup("/api/admin/vendors").WithTags("Vendors").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        vendors.MapGet("", GetVendors)
            .WithName("GetVendors")
            .WithSummary("Which vendor serves each capability (and its fallback), and the vendor modules' health checks now.");
        return endpoints;
    }

    internal static async Task<Ok<VendorsOverview>> GetVendors([AsParameters] GetVendorsRequest request)
    {
        var report = await request.Health.CheckHealthAsync(
            check => check.Tags.Contains(VendorModuleBuilder.HealthCheckTag) && check.Name != VendorCapabilityExtensions.HealthCheckName,
            request.CancellationToken);
        return TypedResults.Ok(new VendorsOverview(
            [.. request.Selection.Choices.Select(choice => new VendorCapabilityStatus(choice.Capability.ToString(), choice.Provider, choice.Fallback, choice.Defaulted))],
            [.. report.Entries.Select(entry => new VendorHealth(entry.Key, entry.Value.Status.ToString(), entry.Value.Description))]));
    }
}
