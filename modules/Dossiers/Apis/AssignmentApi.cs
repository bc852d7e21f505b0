using System.Security.Claims;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Officials;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>The official an <c>Assign</c> names, as the realm's directory knows them, or the problem to answer instead.</summary>
internal sealed record AssigneeLookup(Official? Assignee, ProblemHttpResult? Problem);

/// <summary>A read of an agency's officials by one of its heads or a platform administrator.</summary>
internal sealed record ListAgencyOfficialsRequest(
    string Agency, ClaimsPrincipal User, HttpContext Http, IAgencyDirectory Agencies, IOfficialDirectory Directory, CancellationToken CancellationToken);

/// <summary>
/// Assignment: a head of the agency assigns (or reassigns) a dossier to one of its officials with
/// <c>POST /api/dossiers/{id}/actions</c> <c>{ "action": "Assign", "assigneeId": … }</c>, an event in the dossier's
/// history; the officials to choose from come from the realm's directory (<see cref="IOfficialDirectory"/>).
/// </summary>
internal static class AssignmentApi
{
    private const string RetryAfterSeconds = "10";

    public static IEndpointRouteBuilder MapAssignmentApi(this IEndpointRouteBuilder endpoints)
    {
        // Heads of the agency, who assign its dossiers, and platform administrators; the rule is in the handler.
        var officials = endpoints.MapGroup("/api/agencies/{agency}/officials").WithTags("Assignment").RequireAuthorization();
        officials.MapGet("/", ListAgencyOfficials).WithName("ListAgencyOfficials")
            .WithSummary("The agency's officials a head may assign dossiers to: user id, username, name, agency and platform roles, by name.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<Official>>, ProblemHttpResult>> ListAgencyOfficials([AsParameters] ListAgencyOfficialsRequest request)
    {
        var (agency, user) = (request.Agency, request.User);
        if (!user.IsInRole(PlatformRoles.PlatformAdmin) && !(user.IsInRole(PlatformRoles.Head) && DossierAccess.IsOfficialOf(user, agency)))
        {
            return TypedResults.Problem(
                title: "The officials of this agency are listed to its heads and to platform administrators.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (request.Agencies.Find(agency) is null)
        {
            return TypedResults.Problem(
                title: "No agency has this code.", detail: $"No receiving agency {agency} is listed by GET /api/agencies.", statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["field"] = "agency" });
        }

        var answer = await request.Directory.OfAgencyAsync(agency, request.CancellationToken);
        return answer.Unavailable is { } why ? DirectoryDown(request.Http, why, "agency") : TypedResults.Ok(answer.Value!);
    }

    /// <summary>
    /// Who <paramref name="assigneeId"/> is, asked of the realm afresh: an id the realm does not know is a 400 naming
    /// <c>assigneeId</c>; whether the person may be assigned the dossier (an official of its agency) the grain decides.
    /// </summary>
    internal static async Task<AssigneeLookup> FindAssigneeAsync(string assigneeId, IOfficialDirectory directory, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(assigneeId) || assigneeId.Length > 100)
        {
            return new AssigneeLookup(null, NoSuchUser("Must be the user id of an official of the agency (GET /api/agencies/{agency}/officials), at most 100 characters."));
        }

        var answer = await directory.FindAsync(assigneeId, cancellationToken);
        return answer switch
        {
            { Unavailable: { } why } => new AssigneeLookup(null, DirectoryDown(http, why, DossierAssignment.Field)),
            { Value: null } => new AssigneeLookup(null, NoSuchUser($"No active user of the realm has the id {assigneeId}.")),
            { Value: var official } => new AssigneeLookup(official, null),
        };
    }

    private static ProblemHttpResult NoSuchUser(string message) => TypedResults.Problem(
        title: message, statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["field"] = DossierAssignment.Field, ["errors"] = new Dictionary<string, string[]> { [DossierAssignment.Field] = [message] } });

    /// <summary>The realm's directory cannot be read now: 503 with Retry-After; nothing was recorded.</summary>
    private static ProblemHttpResult DirectoryDown(HttpContext http, string why, string field)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(
            title: "The directory of officials cannot be read now; nothing was changed. Try again later.", detail: why, statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["field"] = field });
    }
}
