using System.Globalization;
using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Domain;
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
/// waits for its signer), <c>transferred</c> (<c>in</c>: received at another agency for this one; <c>out</c>: received here
/// for other agencies), <c>limit</c> (1–200) and <c>after</c> (a cursor); with the caller and what listing needs.
/// </summary>
internal sealed record DossierListQuery(
    string Agency,
    [FromQuery] string? Status, [FromQuery] string? Procedure, [FromQuery] string? Channel, [FromQuery] string? Assignee, [FromQuery] string? Q,
    [FromQuery] string? Deadline, [FromQuery] string? Limit, [FromQuery] string? After, [FromQuery] string? Signing, [FromQuery] string? Transferred,
    ClaimsPrincipal User, HttpContext Http, DossierQueries Queries, IProcedureCatalogue Catalogue, CancellationToken CancellationToken)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The statuses of the worklist: the open ones.</summary>
    private static readonly int[] OpenStatuses = StatusSql.Codes(DossierStateMachine.IsOpen);

    private static readonly int[] AllStatuses = StatusSql.Codes(_ => true);

    /// <summary>The filter of the list in <paramref name="order"/>, <c>assignee=me</c> being the caller; false, with an error per field, when a field is malformed.</summary>
    public bool TryValidate(DossierOrder order, out DossierFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        DossierStatus? status = null;
        var callerId = DossierAccess.ActorOf(User, PlatformRoles.Official).UserId;
        var allowed = order == DossierOrder.SoonestDue ? OpenStatuses : AllStatuses;
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

        if (Procedure is not null && Catalogue.Find(Procedure) is null)
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

        TransferFilter? transfer = Transferred switch
        {
            null => null,
            "in" => TransferFilter.In,
            "out" => TransferFilter.Out,
            _ => null,
        };
        if (Transferred is not null && transfer is null)
        {
            errors["transferred"] = ["Must be in (received at another agency for this one) or out (received here for other agencies)."];
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

        filter = new DossierFilter(Agency, order, status, Procedure, Channel, assignee, search, Deadline, limit, after, SigningPending: Signing is not null, Transfer: transfer);
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
            .WithSummary("The agency's open dossiers, soonest due first, each marked on-time, near-due or overdue; filtered by status, procedure, channel, assignee, search text, deadline and transfer (in, or out: received here for others); a page at a time.")
            .ProducesValidationProblem();
        agency.MapGet("/dossiers", SearchAgencyDossiers).WithName("SearchAgencyDossiers")
            .WithSummary("All the agency's dossiers, newest first, by code or applicant name (diacritics optional) and the worklist's filters; a page at a time.")
            .ProducesValidationProblem();
        return endpoints;
    }

    internal static Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> GetAgencyWorklist([AsParameters] DossierListQuery query) =>
        ListAsync(DossierOrder.SoonestDue, query);

    internal static Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> SearchAgencyDossiers([AsParameters] DossierListQuery query) =>
        ListAsync(DossierOrder.Newest, query);

    private static async Task<Results<Ok<List<DossierSummary>>, ValidationProblem>> ListAsync(DossierOrder order, DossierListQuery query)
    {
        if (!query.TryValidate(order, out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The list query has invalid fields.");
        }

        var page = await query.Queries.ListAsync(filter, query.CancellationToken);
        PageHeaders(query.Http, page.Total, page.Next);
        return TypedResults.Ok(page.Dossiers);
    }

    /// <summary>A list's <c>X-Total-Count</c> and, while more may follow, its <c>Link</c> (rel="next"): the same query from the next place on.</summary>
    internal static void PageHeaders(HttpContext http, long total, PagePlace? next)
    {
        http.Response.Headers[TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        if (next is not null)
        {
            // Every filter and the page size carry over.
            var rest = http.Request.Query.Where(parameter => !string.Equals(parameter.Key, "after", StringComparison.OrdinalIgnoreCase))
                .Append(new KeyValuePair<string, StringValues>("after", next.ToCursor()));
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(rest)}>; rel=\"next\"";
        }
    }
}
