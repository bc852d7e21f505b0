using System.Globalization;
using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>
/// A list query of an agency's dossiers as it arrives, every field a string so a malformed one gets its own message:
/// <c>status</c> (national code), <c>procedure</c>, <c>channel</c> (<c>online</c>, <c>counter</c>), <c>assignee</c>
/// (<c>me</c>, <c>none</c> or an official's user id), <c>q</c> (start of a code or part of the applicant's name, diacritics
/// optional), <c>deadline</c> (<c>on-time</c>, <c>near-due</c>, <c>overdue</c>), <c>signing</c> (<c>pending</c>: a result
/// waits for its signer), <c>limit</c> (1–200) and <c>after</c> (a cursor).
/// </summary>
internal sealed record DossierListQuery(
    [FromQuery] string? Status, [FromQuery] string? Procedure, [FromQuery] string? Channel, [FromQuery] string? Assignee, [FromQuery] string? Q,
    [FromQuery] string? Deadline, [FromQuery] string? Limit, [FromQuery] string? After, [FromQuery] string? Signing = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The statuses of the worklist: every one but the final ones (3, 7, 8, 10).</summary>
    private static readonly int[] OpenStatuses = [.. Enum.GetValues<DossierStatus>().Where(status => !Domain.DossierStateMachine.IsFinal(status)).Select(status => (int)status)];

    /// <param name="callerId">Who <c>assignee=me</c> is: the caller's user id.</param>
    public bool TryValidate(
        string agency, DossierOrder order, string callerId, IProcedureCatalogue catalogue, out DossierFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        DossierStatus? status = null;
        var allowed = order == DossierOrder.SoonestDue ? OpenStatuses : [.. Enum.GetValues<DossierStatus>().Select(code => (int)code)];
        if (Status is not null)
        {
            if (int.TryParse(Status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && allowed.Contains(code))
            {
                status = (DossierStatus)code;
            }
            else
            {
                errors["status"] = [$"Must be a national status code, one of {string.Join(", ", allowed)}."];
            }
        }

        if (Procedure is not null && catalogue.Find(Procedure) is null)
        {
            errors["procedure"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        if (Channel is not null and not (Channels.Online or Channels.Counter))
        {
            errors["channel"] = [$"Must be {Channels.Online} or {Channels.Counter}."];
        }

        AssigneeFilter? assignee = Assignee switch
        {
            null => null,
            "me" => new AssigneeFilter(callerId),
            "none" => new AssigneeFilter(null),
            { Length: > 0 and <= 100 } id when !string.IsNullOrWhiteSpace(id) => new AssigneeFilter(id),
            _ => null,
        };
        if (Assignee is not null && assignee is null)
        {
            errors["assignee"] = ["Must be me, none or the user id of an official (GET /api/agencies/{agency}/officials), at most 100 characters."];
        }

        DossierSearch? search = null;
        if (Q is not null)
        {
            var text = Q.Trim();
            if (text.Length is < 2 or > 100)
            {
                errors["q"] = ["Must be 2 to 100 characters: the start of a dossier code or part of the applicant's name."];
            }
            else
            {
                search = new DossierSearch(text.ToUpperInvariant(), VietnameseText.Fold(text));
            }
        }

        if (Deadline is not null && !Deadlines.Filterable.Contains(Deadline))
        {
            errors["deadline"] = [$"Must be one of {string.Join(", ", Deadlines.Filterable)}."];
        }

        if (Signing is not null and not "pending")
        {
            errors["signing"] = ["Must be pending: the dossiers with a result waiting for its signer."];
        }

        var limit = DefaultLimit;
        if (Limit is not null && !(int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"Must be a whole number from 1 to {MaxLimit}."];
        }

        var after = After is null ? null : PagePlace.FromCursor(After);
        if (After is not null && after is null)
        {
            errors["after"] = ["Must be the cursor of the Link header (rel=\"next\") of the previous page."];
        }

        filter = new DossierFilter(agency, order, status, Procedure, Channel, assignee, search, Deadline, limit, after, SigningPending: Signing is not null);
        return errors.Count == 0;
    }
}

/// <summary>
/// An agency's dossiers for its officials: the worklist of open dossiers soonest due first, and every dossier newest
/// first; both filtered alike, a page at a time. The body is the page; <c>X-Total-Count</c> says how many pass the
/// filter (counted up to 10,000 on the worklist and 1,000 in the search: that number means at least that many) and
/// <c>Link</c> (rel="next") names the next page while more may follow.
/// </summary>
internal static class WorklistApi
{
    public const string TotalCountHeader = "X-Total-Count";

    public static IEndpointRouteBuilder MapWorklistApi(this IEndpointRouteBuilder endpoints)
    {
        var agency = endpoints.MapGroup("/api/agencies/{agency}").WithTags("Worklist").RequireAuthorization(PlatformPolicies.Official);
        agency.MapGet("/worklist", GetAgencyWorklist).WithName("GetAgencyWorklist")
            .WithSummary("The agency's open dossiers, soonest due first, each marked on-time, near-due or overdue; filtered by status, procedure, channel, assignee, search text and deadline; a page at a time.")
            .ProducesValidationProblem();
        agency.MapGet("/dossiers", SearchAgencyDossiers).WithName("SearchAgencyDossiers")
            .WithSummary("All the agency's dossiers, newest first, by code or applicant name (diacritics optional) and the worklist's filters; a page at a time.")
            .ProducesValidationProblem();
        return endpoints;
    }

    internal static Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> GetAgencyWorklist(
        string agency, [AsParameters] DossierListQuery query, ClaimsPrincipal user, HttpContext http, DossierQueries queries, IProcedureCatalogue catalogue,
        CancellationToken cancellationToken) =>
        ListAsync(agency, DossierOrder.SoonestDue, query, user, http, queries, catalogue, cancellationToken);

    internal static Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> SearchAgencyDossiers(
        string agency, [AsParameters] DossierListQuery query, ClaimsPrincipal user, HttpContext http, DossierQueries queries, IProcedureCatalogue catalogue,
        CancellationToken cancellationToken) =>
        ListAsync(agency, DossierOrder.Newest, query, user, http, queries, catalogue, cancellationToken);

    private static async Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> ListAsync(
        string agency, DossierOrder order, DossierListQuery query, ClaimsPrincipal user, HttpContext http, DossierQueries queries, IProcedureCatalogue catalogue,
        CancellationToken cancellationToken)
    {
        if (!query.TryValidate(agency, order, DossierAccess.ActorOf(user, PlatformRoles.Official).UserId, catalogue, out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The list query has invalid fields.");
        }

        var page = await queries.ListAsync(filter, cancellationToken);
        http.Response.Headers[TotalCountHeader] = page.Total.ToString(CultureInfo.InvariantCulture);
        if (page.Next is { } next)
        {
            // The same query from the next place on: every filter and the page size carry over.
            var rest = http.Request.Query.Where(parameter => !string.Equals(parameter.Key, "after", StringComparison.OrdinalIgnoreCase))
                .Append(new KeyValuePair<string, StringValues>("after", next.ToCursor()));
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(rest)}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Dossiers);
    }
}
