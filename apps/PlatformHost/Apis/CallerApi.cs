using System.Security.Claims;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.PlatformHost.Apis;

/// <summary>Who the platform takes the caller to be, read from their Keycloak access token.</summary>
internal sealed record Caller(
    string Subject,
    string? Username,
    string? Name,
    string? Client,
    IReadOnlyList<string> Roles,
    string? Agency,
    string? PersonalId);

internal static class CallerApi
{
    public static IEndpointRouteBuilder MapCallerApi(this IEndpointRouteBuilder endpoints)
    {
        // Any signed-in user or service account of the realm.
        var me = endpoints.MapGroup("/api/me").WithTags("Identity").RequireAuthorization();
        me.MapGet("", GetCaller)
            .WithName("GetCaller")
            .WithSummary("Returns who the access token says the caller is: user, client, roles, agency or personal ID.");
        return endpoints;
    }

    internal static Ok<Caller> GetCaller(ClaimsPrincipal user) => TypedResults.Ok(new Caller(
        user.FindFirstValue("sub") ?? "",
        user.FindFirstValue(KeycloakClaims.PreferredUsername),
        user.FindFirstValue("name"),
        user.FindFirstValue("azp"),
        [.. user.FindAll(KeycloakClaims.Role).Select(role => role.Value).Order(StringComparer.Ordinal)],
        user.FindFirstValue(KeycloakClaims.Agency),
        user.FindFirstValue(KeycloakClaims.PersonalId)));
}
