using System.Security.Claims;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Platform.Tests.Identity;

[Trait("Category", "Unit")]
public sealed class KeycloakAuthorizationTests
{
    [Fact]
    public async Task Realm_and_client_roles_in_Keycloaks_token_shape_become_role_claims()
    {
        var identity = new ClaimsIdentity(
        [
            new Claim("realm_access", """{"roles":["official","head"]}""", "JSON"),
            new Claim("resource_access", """{"officials-portal":{"roles":["back-office"]},"platform-api":{"roles":["catalogue-admin"]}}""", "JSON"),
        ], "Bearer");

        var principal = await new KeycloakRolesClaimsTransformation().TransformAsync(new ClaimsPrincipal(identity));

        Assert.True(principal.IsInRole("official"));
        Assert.True(principal.IsInRole("head"));
        Assert.True(principal.IsInRole("officials-portal:back-office"));
        Assert.True(principal.IsInRole("platform-api:catalogue-admin"));
        Assert.False(principal.IsInRole("back-office"));
    }

    [Fact]
    public async Task Malformed_role_claims_grant_no_role_and_do_not_throw()
    {
        var identity = new ClaimsIdentity([new Claim("realm_access", "not json"), new Claim("resource_access", """{"x":{"roles":"head"}}""")], "Bearer");

        var principal = await new KeycloakRolesClaimsTransformation().TransformAsync(new ClaimsPrincipal(identity));

        Assert.Empty(principal.FindAll(ClaimTypes.Role));
    }

    [Theory]
    [InlineData("head", "00004", null, true)]
    [InlineData("head", "00004", "00004", true)]
    [InlineData("head", "00004", "00070", false)]
    [InlineData("one-stop-clerk", "00004", "00004", false)]
    [InlineData("head", null, null, false)]
    public async Task A_head_policy_admits_heads_of_the_routes_agency_only(string role, string? agency, string? routeAgency, bool admitted)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role) };
        if (agency is not null)
        {
            claims.Add(new Claim(KeycloakClaims.Agency, agency));
        }

        var http = new DefaultHttpContext();
        if (routeAgency is not null)
        {
            http.Request.RouteValues[PlatformPolicies.AgencyRouteValue] = routeAgency;
        }

        var requirement = new OfficialOfAgencyRequirement(PlatformRoles.Head);
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer")), http);

        await new OfficialOfAgencyHandler().HandleAsync(context);

        Assert.Equal(admitted, context.HasSucceeded);
    }
}
