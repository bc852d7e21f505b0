using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Modules.AdministrativeUnits.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.Modules.AdministrativeUnits.Apis;

internal static class AdministrativeUnitsApi
{
    public static IEndpointRouteBuilder MapAdministrativeUnitsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/admin-units")
            .WithTags("Administrative units");

        // Reference data published to everyone, as the national catalogue is: anonymous callers allowed.
        api.MapGet("/", ListAdministrativeUnits)
            .AllowAnonymous()
            .WithName("ListAdministrativeUnits")
            .WithSummary("Lists administrative units, filtered by parent, type and name, a page at a time.");
        // Operational detail of the cluster: platform administrators only.
        api.MapGet("/import", GetAdministrativeUnitsImport)
            .WithName("GetAdministrativeUnitsImport")
            .WithSummary("Tells which dataset the catalogue holds and which silo answers for its import.")
            .RequireAuthorization(PlatformPolicies.PlatformAdmin);
        api.MapGet("/{code}", GetAdministrativeUnit)
            .AllowAnonymous()
            .WithName("GetAdministrativeUnit")
            .WithSummary("Returns one administrative unit by its code, with the number of units under it.");
        return endpoints;
    }

    internal static async Task<Results<Ok<AdministrativeUnitPage>, ValidationProblem>> ListAdministrativeUnits(
        [FromQuery] string? parent,
        [FromQuery] string? type,
        [FromQuery] string? q,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        AdministrativeUnitStore store,
        CancellationToken cancellationToken)
    {
        if (!new AdministrativeUnitQuery(parent, type, q, page, pageSize).TryValidate(out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The query has invalid fields.");
        }

        return TypedResults.Ok(await store.QueryAsync(filter, cancellationToken));
    }

    internal static async Task<Results<Ok<AdministrativeUnitDetails>, ProblemHttpResult, ValidationProblem>> GetAdministrativeUnit(
        string code,
        IGrainFactory grains)
    {
        if (!AdministrativeUnitQuery.IsWellFormedCode(code))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["code"] = ["Must be an administrative-unit code of 2 to 10 digits."] },
                title: "The unit code is malformed.");
        }

        var details = await grains.GetGrain<IAdministrativeUnitGrain>(code).GetAsync();
        return details is null
            ? TypedResults.Problem(
                title: "No administrative unit has this code.",
                detail: $"The catalogue holds no unit with code '{code}'.",
                statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(details);
    }

    internal static async Task<Results<Ok<CatalogueImportStatus>, ProblemHttpResult>> GetAdministrativeUnitsImport(IGrainFactory grains)
    {
        var status = await grains.GetGrain<ICatalogueImportGrain>(AdministrativeUnitDataset.Current).GetStatusAsync();
        return status is null
            ? TypedResults.Problem(title: "The catalogue has not been imported yet.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(status);
    }
}
