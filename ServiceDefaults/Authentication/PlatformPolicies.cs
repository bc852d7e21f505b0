using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.ServiceDefaults.Authentication;

/// <summary>The realm roles of realm <c>hanoi</c> (see AppHost/Realms/hanoi-realm.json).</summary>
public static class PlatformRoles
{
    public const string Citizen = "citizen";
    public const string Official = "official";
    public const string OneStopClerk = "one-stop-clerk";
    public const string Head = "head";
    public const string PlatformAdmin = "platform-admin";
}

/// <summary>The named authorization policies every service shares. Endpoints say which one admits a caller.</summary>
public static class PlatformPolicies
{
    /// <summary>A signed-in citizen with a personal ID.</summary>
    public const string Citizen = "citizen";

    /// <summary>An official of an agency; where the route names an <c>{agency}</c>, of that agency.</summary>
    public const string Official = "official";

    /// <summary>A one-stop counter clerk of an agency (of the route's agency where it names one).</summary>
    public const string OneStopClerk = "one-stop-clerk";

    /// <summary>A head of an agency (of the route's agency where it names one).</summary>
    public const string Head = "head";

    public const string PlatformAdmin = "platform-admin";

    /// <summary>A vendor module's service account.</summary>
    public const string VendorIntegration = "vendor-integration";

    /// <summary>The route value an agency-scoped endpoint names its agency with.</summary>
    public const string AgencyRouteValue = "agency";
}

internal sealed record OfficialOfAgencyRequirement(string Role) : IAuthorizationRequirement;

internal sealed class OfficialOfAgencyHandler : AuthorizationHandler<OfficialOfAgencyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OfficialOfAgencyRequirement requirement)
    {
        var agency = context.User.FindFirst(KeycloakClaims.Agency)?.Value;
        if (!context.User.IsInRole(requirement.Role) || string.IsNullOrEmpty(agency))
        {
            return Task.CompletedTask;
        }

        var routeAgency = context.Resource switch
        {
            HttpContext http => http.GetRouteValue(PlatformPolicies.AgencyRouteValue) as string,
            _ => null,
        };
        if (routeAgency is null || string.Equals(routeAgency, agency, StringComparison.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
