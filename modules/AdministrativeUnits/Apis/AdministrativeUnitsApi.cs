using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Modules.AdministrativeUnits.Grains;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.AdministrativeUnits.Apis;

/// <summary>The catalogue's query as it arrives (<see cref="AdministrativeUnitQuery"/>), with the store that answers it.</summary>
internal sealed record ListAdministrativeUnitsRequest(
    [FromQuery(Name = "parent")] string? Parent,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "pageSize")] string? PageSize,
    AdministrativeUnitStore Store,
    CancellationToken CancellationToken)
{
    /// <inheritdoc cref="AdministrativeUnitQuery.TryValidate"/>
    public bool TryValidate(out AdministrativeUnitFilter filter, out Dictionary<string, string[]> errors) =>
        new AdministrativeUnitQuery(Parent, Type, Q, Page, PageSize).TryValidate(out filter, out errors);
}

/// <summary>A read of one administrative unit by its code.</summary>
internal sealed record GetAdministrativeUnitRequest(string Code, IGrainFactory Grains)
{
    /// <summary>False, with the error, unless the code is 2 to 10 digits.</summary>
    public bool TryValidate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!AdministrativeUnitQuery.IsWellFormedCode(Code))
        {
            errors["code"] = ["Must be an administrative-unit code of 2 to 10 digits."];
        }

        return errors.Count == 0;
    }
}

/// <summary>A platform administrator's read of the catalogue's import.</summary>
internal sealed record GetAdministrativeUnitsImportRequest(IGrainFactory Grains);

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
        [AsParameters] ListAdministrativeUnitsRequest request)
    {
        if (!request.TryValidate(out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The query has invalid fields.");
        }

        return TypedResults.Ok(await request.Store.QueryAsync(filter, request.CancellationToken));
    }

    internal static async Task<Results<Ok<AdministrativeUnitDetails>, ProblemHttpResult, ValidationProblem>> GetAdministrativeUnit(
        [AsParameters] GetAdministrativeUnitRequest request)
    {
        if (!request.TryValidate(out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The unit code is malformed.");
        }

        var code = request.Code;
        var details = await request.Grains.GetGrain<IAdministrativeUnitGrain>(code).GetAsync();
        return details is null
            ? TypedResults.Problem(
                title: "No administrative unit has this code.",
                detail: $"The catalogue holds no unit with code '{code}'.",
                statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(details);
    }

    internal static async Task<Results<Ok<CatalogueImportStatus>, ProblemHttpResult>> GetAdministrativeUnitsImport(
        [AsParameters] GetAdministrativeUnitsImportRequest request)
    {
        var status = await request.Grains.GetGrain<ICatalogueImportGrain>(AdministrativeUnitDataset.Current).GetStatusAsync();
        return status is null
            ? TypedResults.Problem(title: "The catalogue has not been imported yet.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(status);
    }
}
