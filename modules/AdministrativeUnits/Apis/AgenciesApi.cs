using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.AdministrativeUnits.Apis;

internal static class AgenciesApi
{
    public static IEndpointRouteBuilder MapAgenciesApi(this IEndpointRouteBuilder endpoints)
    {
        // Where a citizen may send a dossier is public information: anonymous callers allowed.
        endpoints.MapGet("/api/agencies", (IAgencyDirectory directory) => TypedResults.Ok(directory.All))
            .AllowAnonymous().WithTags("Agencies").WithName("ListAgencies")
            .WithSummary("Lists the agencies that receive dossiers: Hanoi's city agencies, communes and wards.");
        endpoints.MapGet("/api/agencies/{code}", Find)
            .AllowAnonymous().WithTags("Agencies").WithName("GetAgency")
            .WithSummary("Returns one agency by its code.");
        return endpoints;
    }

    internal static Results<Ok<Agency>, ProblemHttpResult> Find(string code, IAgencyDirectory directory) =>
        directory.Find(code) is { } agency
            ? TypedResults.Ok(agency)
            : TypedResults.Problem(title: "No agency has this code.", detail: $"No agency {code}; GET /api/agencies lists them.", statusCode: StatusCodes.Status404NotFound);
}
