using HanoiEgov.BuildingBlocks;
using Microsoft.AspNetCore.Mvc;
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
        var agencies = endpoints.MapGroup("/api/agencies").WithTags("Agencies").AllowAnonymous();
        agencies.MapGet("", ListAgencies).WithName("ListAgencies")
            .WithSummary("Lists the agencies that receive dossiers: Hanoi's city agencies, communes and wards; q finds them by name, diacritics optional; level keeps one level.");
        agencies.MapGet("/{code}", GetAgency).WithName("GetAgency")
            .WithSummary("Returns one agency by its code.");
        return endpoints;
    }

    internal static Results<Ok<Agency[]>, ValidationProblem> ListAgencies(IAgencyDirectory directory, [FromQuery] string? q, [FromQuery] string? level)
    {
        if (q is { Length: > 100 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["Must be at most 100 characters: part of an agency's name."] });
        }

        var words = string.IsNullOrWhiteSpace(q) ? null : VietnameseText.Fold(q);
        return TypedResults.Ok(directory.All
            .Where(agency => words is null || VietnameseText.Fold(agency.Name).Contains(words, StringComparison.Ordinal) || agency.Code == q!.Trim())
            .Where(agency => string.IsNullOrEmpty(level) || agency.Level == level)
            .ToArray());
    }

    internal static Results<Ok<Agency>, ProblemHttpResult> GetAgency(string code, IAgencyDirectory directory) =>
        directory.Find(code) is { } agency
            ? TypedResults.Ok(agency)
            : TypedResults.Problem(title: "No agency has this code.", detail: $"No agency {code}; GET /api/agencies lists them.", statusCode: StatusCodes.Status404NotFound);
}
