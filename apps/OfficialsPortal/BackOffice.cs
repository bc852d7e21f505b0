using System.Security.Claims;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.OfficialsPortal;

/// <summary>What the back office's pages share: the signed-in official's agency and the endpoint that is not a page.</summary>
internal static class BackOffice
{
    public static string AgencyOf(ClaimsPrincipal user) => user.FindFirstValue(KeycloakClaims.Agency) ?? "";

    public static WebApplication MapBackOffice(this WebApplication app)
    {
        // Where a result's signing stands, for the dossier page to follow it without a reload.
        app.MapGet("/dossiers/{id:guid}/results/{resultId:guid}/signing", async (Guid id, Guid resultId, PlatformApi api) =>
            (await api.GetAsync<Signing>($"/api/dossiers/{id}/results/{resultId}/signing")).Value is { } signing
                ? Results.Json(new { status = signing.Status })
                : Results.NotFound()).RequireAuthorization(PlatformPolicies.Official).ExcludeFromDescription();
        return app;
    }
}
