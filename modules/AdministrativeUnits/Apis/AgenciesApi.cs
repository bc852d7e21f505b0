using HanoiEgov.BuildingBlocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.AdministrativeUnits.Apis;

/// <summary>The agencies' query as it arrives: search text (<c>q</c>) and level.</summary>
internal sealed record ListAgenciesRequest([FromQuery(Name = "q")] string? Q, [FromQuery(Name = "level")] string? Level, IAgencyDirectory Directory)
{
    /// <summary>False, with the error, when <c>q</c> is longer than 100 characters.</summary>
    public bool TryValidate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (Q is { Length: > 100 })
        {
            errors["q"] = ["Must be at most 100 characters: part of an agency's name."];
        }

        return errors.Count == 0;
    }
}

/// <summary>A read of one agency by its code.</summary>
internal sealed record GetAgencyRequest(string Code, IAgencyDirectory Directory);

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

    internal static Results<Ok<Agency[]>, ValidationProblem> ListAgencies([AsParameters] ListAgenciesRequest request)
    {
        if (!request.TryValidate(out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (q, level) = (request.Q, request.Level);
        var words = string.IsNullOrWhiteSpace(q) ? null : VietnameseText.Fold(q);
        return TypedResults.Ok(request.Directory.All
            .Where(agency => words is null || VietnameseText.Fold(agency.Name).Contains(words, StringComparison.Ordinal) || agency.Code == q!.Trim())
            .Where(agency => string.IsNullOrEmpty(level) || agency.Level == level)
            .ToArray());
    }

    internal static Results<Ok<Agency>, ProblemHttpResult> GetAgency([AsParameters] GetAgencyRequest request) =>
        request.Directory.Find(request.Code) is { } agency
            ? TypedResults.Ok(agency)
            : TypedResults.Problem(
                title: "No agency has this code.", detail: $"No agency {request.Code}; GET /api/agencies lists them.", statusCode: StatusCodes.Status404NotFound);
}
