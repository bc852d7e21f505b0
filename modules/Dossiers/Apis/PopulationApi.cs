using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>A clerk's lookup of an applicant: the personal ID, what it is for and where the applicant's consent is recorded.</summary>
internal sealed record PopulationLookupRequest(string? PersonalId, string? Purpose, string? ConsentReference)
{
    /// <summary>False, with an error per field, unless the personal ID is valid on <paramref name="today"/> and the purpose and consent are said, within their lengths.</summary>
    public bool TryValidate(DateOnly today, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (HanoiEgov.Vendors.PersonalId.Problem(PersonalId, today) is { } badId)
        {
            errors["personalId"] = [$"Must be a 12-digit personal ID (CCCD). {badId}"];
        }

        if (string.IsNullOrWhiteSpace(Purpose) || Purpose.Length > 500)
        {
            errors["purpose"] = ["Must say what the lookup is for, at most 500 characters (the registry records it)."];
        }

        if (string.IsNullOrWhiteSpace(ConsentReference) || ConsentReference.Length > 200)
        {
            errors["consentReference"] = ["Must say where the applicant's consent is recorded, at most 200 characters."];
        }

        return errors.Count == 0;
    }
}

/// <summary>A clerk's lookup as it arrives, with what asking the registry and recording the lookup needs.</summary>
internal sealed record LookUpPersonRequest(
    [FromBody] PopulationLookupRequest Body, ClaimsPrincipal User, IPopulationRegistry Registry, PopulationLookups Lookups, TimeProvider Clock, HttpContext Http,
    CancellationToken CancellationToken)
{
    /// <summary>False, with an error per field, unless the lookup is valid on the day in Vietnam now (<see cref="PopulationLookupRequest.TryValidate"/>).</summary>
    public bool TryValidate(out Dictionary<string, string[]> errors) => Body.TryValidate(VietnamTime.DayOf(Clock.GetUtcNow()), out errors);
}

/// <summary>The one-stop counter asks the population registry who an applicant is, so their details are not typed twice.</summary>
internal static class PopulationApi
{
    public static IEndpointRouteBuilder MapPopulationApi(this IEndpointRouteBuilder endpoints)
    {
        var population = endpoints.MapGroup("/api/population").WithTags("Population").RequireAuthorization(PlatformPolicies.OneStopClerk);
        population.MapPost("/lookups", LookUpPerson)
            .WithName("LookUpPerson")
            .WithSummary("Looks an applicant up in the configured population registry, with the purpose and consent the registry requires; the registry records the lookup.");
        return endpoints;
    }

    internal static async Task<Results<Ok<PopulationRecord>, ValidationProblem, ProblemHttpResult>> LookUpPerson([AsParameters] LookUpPersonRequest lookup)
    {
        if (!lookup.TryValidate(out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The lookup has invalid fields.");
        }

        var (request, user, cancellationToken) = (lookup.Body, lookup.User, lookup.CancellationToken);

        var requestedBy = user.FindFirstValue("preferred_username") ?? user.FindFirstValue("sub") ?? "unknown";
        var found = await lookup.Registry.LookUpAsync(new PersonLookup(request.PersonalId!, request.Purpose!.Trim(), request.ConsentReference!.Trim(), requestedBy), cancellationToken);
        if (found.Succeeded)
        {
            await lookup.Lookups.RecordAsync(found.Value!.Lookup.LookupId, found.Value.PersonalId, DossierAccess.ActorOf(user, PlatformRoles.OneStopClerk).UserId, cancellationToken);
            return TypedResults.Ok(found.Value!);
        }

        var failure = found.Failure!;
        return failure.Code switch
        {
            VendorFailureCodes.NotFound => TypedResults.Problem(title: "The registry has no person with this personal ID.", statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["field"] = "personalId" }),
            VendorFailureCodes.InvalidPersonalId => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["personalId"] = [failure.Message] }),
            VendorFailureCodes.ConsentRequired => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["consentReference"] = [failure.Message] }),
            _ => ResultsApi.VendorProblem(lookup.Http, failure, "personalId"),
        };
    }
}
