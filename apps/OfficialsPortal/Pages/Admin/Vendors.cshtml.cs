using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Admin;

internal sealed record VendorCapabilityStatus(string Capability, string Provider, string? Fallback, bool Defaulted);

internal sealed record VendorHealth(string Check, string Status, string? Description);

internal sealed record VendorsOverview(IReadOnlyList<VendorCapabilityStatus> Capabilities, IReadOnlyList<VendorHealth> Health);

/// <summary>Which vendor serves each capability of the platform, and whether each vendor answers now.</summary>
[Authorize(Policy = PlatformPolicies.PlatformAdmin)]
internal sealed class VendorsModel(PlatformApi api) : PageModel
{
    public VendorsOverview Overview { get; private set; } = new([], []);

    public async Task OnGetAsync() => Overview = (await api.GetAsync<VendorsOverview>("/api/admin/vendors")).Value ?? Overview;
}
