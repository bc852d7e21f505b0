using System.Globalization;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>The ledger's period as the query gives it: <c>from</c> and <c>to</c>, days written yyyy-MM-dd, [from, to).</summary>
internal sealed record LedgerPeriod([FromQuery(Name = "from")] string? From, [FromQuery(Name = "to")] string? To)
{
    public const int MaxDays = 366;

    /// <summary>The period's start and end (Vietnam's midnights), or an error per field: each a day, <c>to</c> after <c>from</c> and at most <see cref="MaxDays"/> days later.</summary>
    public bool TryValidate(out DateTimeOffset start, out DateTimeOffset end, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var first = ParseDay(From, "from", errors);
        var last = ParseDay(To, "to", errors);
        if (errors.Count == 0 && (last <= first || last - first > TimeSpan.FromDays(MaxDays)))
        {
            errors["to"] = [$"Must be after 'from', at most {MaxDays} days later (the period is [from, to))."];
        }

        (start, end) = (first ?? default, last ?? default);
        return errors.Count == 0;
    }

    private static DateTimeOffset? ParseDay(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return VietnamTime.StartOf(day);
        }

        errors[field] = ["Must be a date written yyyy-MM-dd."];
        return null;
    }
}

/// <summary>
/// Form 07 of Circular 03/2025/TT-VPCP: an agency's tracking ledger, as PDF, for its officials: the dossiers it decides
/// (wherever received, those received elsewhere marked) and those it received for another agency, each with the other agency and the handover.
/// </summary>
internal static class LedgerApi
{
    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder endpoints)
    {
        var ledger = endpoints.MapGroup("/api/agencies/{agency}/ledger").WithTags("Forms").RequireAuthorization(PlatformPolicies.Official);
        ledger.MapGet("", GetAgencyLedger).WithName("GetAgencyLedger")
            .WithSummary("Form 07, the agency's tracking ledger of dossiers received in [from, to), as PDF: those it decides and those it received for others.")
            .Produces<Stream>(StatusCodes.Status200OK, FormsApi.Pdf)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetAgencyLedger(
        string agency, [AsParameters] LedgerPeriod period, FormQueries forms, IProcedureCatalogue catalogue,
        IAgencyDirectory agencies, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!period.TryValidate(out var start, out var end, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The period is invalid.");
        }

        var entries = await forms.LedgerAsync(agency, start, end, cancellationToken);
        if (entries.Count > FormQueries.MaxLedgerEntries)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["to"] = [$"The period holds more than {FormQueries.MaxLedgerEntries} dossiers; ask for a shorter one."] },
                title: "The ledger would be too long.");
        }

        var firstDay = VietnamTime.DayOf(start);
        var lastDay = VietnamTime.DayOf(end).AddDays(-1);
        var issuer = FormAgency.Of(agency, agencies.Find(agency));
        return FormsApi.Printed(() => TrackingLedger.Render(
            issuer, firstDay, lastDay, entries, catalogue, code => agencies.Find(code)?.Name ?? $"Đơn vị {code}", clock.GetUtcNow()), $"so-theo-doi-{agency}-{firstDay:yyyyMMdd}.pdf");
    }
}
