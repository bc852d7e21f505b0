using System.Globalization;
using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>
/// A procedure's (or every procedure's) figures over dossiers received in a period. The resolution side, of the
/// competent agency: <see cref="Received"/> to resolve (wherever received; <see cref="TransferredIn"/> of them received
/// elsewhere), processed, on time, late (processed after the due time or with an extended one, and open past it now),
/// and the mean processing time in elapsed hours from receipt to processed (status 9), nights, weekends and paused time
/// included. The reception side, of the receiving agency: <see cref="ReceivedHere"/>, its own and
/// <see cref="ReceivedForOthers"/>, those another agency decides. Each dossier is once in each side's totals.
/// </summary>
internal sealed record ProcedureFigures(
    string ProcedureCode, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    long ReceivedHere, long ReceivedForOthers, long TransferredIn);

/// <summary>One week or month of a series (<see cref="Start"/> inclusive, <see cref="End"/> exclusive, clipped to the asked period), with its procedures; both sides as <see cref="ProcedureFigures"/> counts them.</summary>
internal sealed record PeriodFigures(
    DateOnly Start, DateOnly End, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    IReadOnlyList<ProcedureFigures> Procedures, long ReceivedHere, long ReceivedForOthers, long TransferredIn);

/// <summary>An agency's (or, with <see cref="Agency"/> null, the city's) figures per week or month, every period of [from, to) listed, empty ones too.</summary>
/// <param name="ProcessingTimeUnit">Always <c>hours</c>: elapsed hours from receipt to processed.</param>
internal sealed record StatisticsSeries(
    string? Agency, string Period, DateOnly From, DateOnly To, string? Procedure, string ProcessingTimeUnit, PeriodFigures Total, IReadOnlyList<PeriodFigures> Periods);

/// <summary>
/// An agency's place in the city: <see cref="Rank"/> is shared by equal figures and null when the agency has none to
/// rank by. Its figures are of both sides, as <see cref="ProcedureFigures"/> counts them: what it resolves (received,
/// on time, late), and what its counter received (<see cref="ReceivedHere"/>, of which for others).
/// </summary>
internal sealed record AgencyRank(
    int? Rank, string Agency, string AgencyName, string Level, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare,
    double? AverageProcessingHours, long ReceivedHere, long ReceivedForOthers, long TransferredIn);

/// <summary>Every agency of the city ranked by <see cref="By"/> over dossiers received in [from, to).</summary>
internal sealed record AgencyRanking(DateOnly From, DateOnly To, string? Procedure, string By, string ProcessingTimeUnit, IReadOnlyList<AgencyRank> Agencies);

/// <summary>
/// The interlinked wholes of one commune and group (<see cref="Agency"/> or <see cref="GroupCode"/> null in a total
/// over them), received in the period: each whole once, its parts not counted apart (the commune part is an ordinary
/// dossier, in the ordinary figures; the others are decided outside the platform).
/// </summary>
/// <param name="InProgress">Open wholes; <paramref name="Overdue"/> of them are past the whole's due time.</param>
/// <param name="CompletedOnTime">Every part's result, completed by the whole's due time.</param>
/// <param name="Closed">Ended without a result: the commune part refused, withdrawn or stopped.</param>
/// <param name="OnTimeRate">Completed on time among those completed; null when none is.</param>
internal sealed record InterlinkedFigures(
    string? Agency, string? GroupCode, long Received, long InProgress, long Overdue, long CompletedOnTime, long CompletedLate, long Closed, double? OnTimeRate);

/// <summary>An agency's (or the city's) interlinked wholes received in [from, to): in total, per group (every group of the catalogue), and per commune and group that received any.</summary>
internal sealed record InterlinkedStatistics(
    string? Agency, DateOnly From, DateOnly To, InterlinkedFigures Total, IReadOnlyList<InterlinkedFigures> Groups, IReadOnlyList<InterlinkedFigures> Communes);

/// <summary>The query of the statistics endpoints as it arrives, with the caller and what reading the figures needs; each endpoint reads the fields it takes.</summary>
internal sealed record StatisticsQuery(
    [FromQuery] string? From, [FromQuery] string? To, [FromQuery] string? Agency, [FromQuery] string? Procedure, [FromQuery] string? Period, [FromQuery] string? By,
    ClaimsPrincipal User, StatisticsQueries Statistics, IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, CancellationToken CancellationToken)
{
    /// <summary>The longest period a series or a ranking covers: three years.</summary>
    public const int MaxDays = 1096;

    /// <summary>The longest period of a weekly series: 53 weeks.</summary>
    public const int MaxWeeklyDays = 371;

    public static readonly string[] Periods = ["week", "month"];

    /// <summary>What a ranking orders by, and whether more is better.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Rankings = new Dictionary<string, bool>
    {
        ["on-time-rate"] = true,
        ["online-share"] = true,
        ["received"] = true,
        ["received-here"] = true,
        ["processing-time"] = false,
    };

    /// <summary>
    /// Whose figures the caller reads: an official their own agency's (naming another is refused), an administrator the
    /// agency named or, naming none, the whole city's (null).
    /// </summary>
    public bool TryScope(out string? agency)
    {
        var own = User.IsInRole(PlatformRoles.Official) ? User.FindFirstValue(KeycloakClaims.Agency) : null;
        if (User.IsInRole(PlatformRoles.PlatformAdmin))
        {
            agency = Agency;
            return true;
        }

        agency = own;
        return own is not null && (Agency is null || Agency == own);
    }

    /// <summary>
    /// Checks <c>from</c> and <c>to</c> (and, when <paramref name="checkFilters"/>, <c>procedure</c>, <c>period</c>, <c>by</c>;
    /// when <paramref name="checkAgency"/>, that <c>agency</c> is a receiving agency).
    /// </summary>
    public bool TryValidate(bool checkFilters, bool checkAgency, out (DateOnly From, DateOnly To) days, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var from = Day(From, "from", errors);
        var to = Day(To, "to", errors);
        var longest = Period == "week" ? MaxWeeklyDays : MaxDays;
        if (from is { } start && to is { } end && end <= start)
        {
            errors["to"] = ["Must be a day after 'from'."];
        }
        else if (checkFilters && from is { } first && to is { } last && last.DayNumber - first.DayNumber > longest)
        {
            errors["to"] = [$"Must be at most {longest} days after 'from'{(Period == "week" ? " for a weekly series" : "")}."];
        }

        if (checkFilters && Procedure is not null && Catalogue.Find(Procedure) is null)
        {
            errors["procedure"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        if (checkFilters && Period is not null && !Periods.Contains(Period))
        {
            errors["period"] = [$"Must be one of {string.Join(", ", Periods)}."];
        }

        if (checkFilters && By is not null && !Rankings.ContainsKey(By))
        {
            errors["by"] = [$"Must be one of {string.Join(", ", Rankings.Keys)}."];
        }

        if (checkAgency && Agency is not null && Agencies.Find(Agency) is null)
        {
            errors["agency"] = ["Must be the code of a receiving agency listed by GET /api/agencies, e.g. 00004 (Phường Ba Đình)."];
        }

        days = (from ?? default, to ?? default);
        return errors.Count == 0;
    }

    private static DateOnly? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = ["Must be a date written yyyy-MM-dd."];
        return null;
    }
}

/// <summary>
/// The city's figures on its dossiers: per agency over a period, an agency's (or the city's) series per week or month
/// and procedure, and the ranking of every agency. Platform administrators read every agency; an agency's officials
/// read their own.
/// </summary>
internal static class StatisticsApi
{
    private const string Hours = "hours";

    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder endpoints)
    {
        var statistics = endpoints.MapGroup("/api/statistics").WithTags("Statistics").RequireAuthorization();
        statistics.MapGet("/dossiers", GetDossierStatistics).WithName("GetDossierStatistics")
            .WithSummary("Per agency over dossiers received in [from, to): received, on time, late, online share, mean processing hours.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        statistics.MapGet("/dossiers/series", GetDossierStatisticsSeries).WithName("GetDossierStatisticsSeries")
            .WithSummary("An agency's (or, for administrators, the city's) figures per week or month of [from, to), each broken down by procedure.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        statistics.MapGet("/interlinked", GetInterlinkedStatistics).WithName("GetInterlinkedStatistics")
            .WithSummary("An agency's (or, for administrators, the city's) interlinked dossiers received in [from, to), each whole once: received, in progress, completed on time or late, per group and commune.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        statistics.MapGet("/agencies", GetAgencyRanking).WithName("GetAgencyRanking")
            .WithSummary("Every agency of the city ranked by on-time rate (or online share, received, processing time) over dossiers received in [from, to); administrators only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    internal static async Task<Results<Ok<List<AgencyStatistics>>, ProblemHttpResult, ValidationProblem>> GetDossierStatistics([AsParameters] StatisticsQuery query)
    {
        if (!query.TryValidate(checkFilters: false, checkAgency: false, out var days, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The period is invalid.");
        }

        if (!query.TryScope(out var agency))
        {
            return NotYours();
        }

        return TypedResults.Ok(await query.Statistics.StatisticsAsync(
            agency, VietnamTime.StartOf(days.From), VietnamTime.StartOf(days.To), query.CancellationToken));
    }

    /// <summary>
    /// Every week (Monday to Sunday) or month of [from, to), clipped to it, with its figures and those of each
    /// procedure that received any; <c>total</c> is the whole period. An official's series is of their agency; an
    /// administrator's of the agency named, or of the whole city.
    /// </summary>
    internal static async Task<Results<Ok<StatisticsSeries>, ProblemHttpResult, ValidationProblem>> GetDossierStatisticsSeries([AsParameters] StatisticsQuery query)
    {
        if (!query.TryValidate(checkFilters: true, checkAgency: true, out var days, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The statistics query has invalid fields.");
        }

        if (!query.TryScope(out var agency))
        {
            return NotYours();
        }

        var period = query.Period ?? "month";
        var groups = await query.Statistics.TallyAsync(
            period == "week" ? TallyGrouping.WeekAndProcedure : TallyGrouping.MonthAndProcedure, agency, query.Procedure,
            VietnamTime.StartOf(days.From), VietnamTime.StartOf(days.To), query.CancellationToken);
        var periods = new List<PeriodFigures>();
        for (var start = PeriodStart(days.From, period); start < days.To; start = NextPeriod(start, period))
        {
            var inPeriod = groups.Where(group => group.PeriodStart == start).ToList();
            periods.Add(Figures(Max(start, days.From), Min(NextPeriod(start, period), days.To), inPeriod));
        }

        var total = Figures(days.From, days.To, [.. groups.GroupBy(group => group.ProcedureCode).Select(procedure =>
            procedure.First() with { Tally = procedure.Aggregate(Tally.Zero, (sum, group) => sum + group.Tally) })]);
        return TypedResults.Ok(new StatisticsSeries(agency, period, days.From, days.To, query.Procedure, Hours, total, periods));
    }

    /// <summary>
    /// The interlinked wholes (Decree 63/2024) received in [from, to), counted at the commune that received them and
    /// decides their civil-status part; an official reads their agency's, an administrator the agency named or the city's.
    /// </summary>
    internal static async Task<Results<Ok<InterlinkedStatistics>, ProblemHttpResult, ValidationProblem>> GetInterlinkedStatistics([AsParameters] StatisticsQuery query)
    {
        if (!query.TryValidate(checkFilters: true, checkAgency: true, out var days, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The statistics query has invalid fields.");
        }

        if (!query.TryScope(out var agency))
        {
            return NotYours();
        }

        var rows = await query.Statistics.InterlinkedAsync(agency, VietnamTime.StartOf(days.From), VietnamTime.StartOf(days.To), query.CancellationToken);
        static InterlinkedFigures Figures(string? agency, string? group, InterlinkedTally tally) =>
            new(agency, group, tally.Received, tally.InProgress, tally.Overdue, tally.CompletedOnTime, tally.CompletedLate, tally.Closed, tally.OnTimeRate);
        InterlinkedTally Sum(Func<(string Agency, string GroupCode, InterlinkedTally Tally), bool> which) =>
            rows.Where(which).Aggregate(InterlinkedTally.Zero, (sum, row) => sum + row.Tally);
        var groups = query.Catalogue.All.Where(procedure => procedure.IsInterlinked).Select(procedure => procedure.Code)
            .Union(rows.Select(row => row.GroupCode)).Order(StringComparer.Ordinal);
        return TypedResults.Ok(new InterlinkedStatistics(
            agency, days.From, days.To, Figures(agency, null, Sum(_ => true)),
            [.. groups.Select(group => Figures(agency, group, Sum(row => row.GroupCode == group)))],
            [.. rows.Select(row => Figures(row.Agency, row.GroupCode, row.Tally))]));
    }

    /// <summary>
    /// Every agency of the city (the agency directory's), ranked by <c>by</c>: the highest on-time rate (default), online
    /// share or number received first, or the shortest mean processing time; equal figures share a rank, and an
    /// agency with nothing to rank by (no dossier decided, none received, none processed) comes last without one.
    /// </summary>
    internal static async Task<Results<Ok<AgencyRanking>, ProblemHttpResult, ValidationProblem>> GetAgencyRanking([AsParameters] StatisticsQuery query)
    {
        if (!query.User.IsInRole(PlatformRoles.PlatformAdmin))
        {
            return TypedResults.Problem(title: "The city-wide ranking is for platform administrators.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!query.TryValidate(checkFilters: true, checkAgency: false, out var days, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The ranking query has invalid fields.");
        }

        var by = query.By ?? "on-time-rate";
        var tallies = (await query.Statistics.TallyAsync(
                TallyGrouping.Agency, null, query.Procedure, VietnamTime.StartOf(days.From), VietnamTime.StartOf(days.To), query.CancellationToken))
            .ToDictionary(group => group.Agency!, group => group.Tally);
        double? Measure(Tally tally) => by switch
        {
            "on-time-rate" => tally.OnTimeRate,
            "online-share" => tally.Received == 0 ? null : tally.OnlineShare,
            "received" => tally.Received == 0 ? null : tally.Received,
            "received-here" => tally.ReceivedHere == 0 ? null : tally.ReceivedHere,
            _ => tally.AverageProcessingHours,
        };

        var higherFirst = StatisticsQuery.Rankings[by];
        var measured = query.Agencies.All.Select(agency => (Agency: agency, Tally: tallies.GetValueOrDefault(agency.Code, Tally.Zero)))
            .Select(entry => (entry.Agency, entry.Tally, Measure: Measure(entry.Tally)))
            .OrderBy(entry => entry.Measure is null)
            .ThenBy(entry => higherFirst ? -(entry.Measure ?? 0) : entry.Measure ?? 0)
            .ThenByDescending(entry => entry.Tally.Received)
            .ThenByDescending(entry => entry.Tally.ReceivedHere)
            .ThenBy(entry => entry.Agency.Code, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<AgencyRank>(measured.Count);
        for (var place = 0; place < measured.Count; place++)
        {
            var (agency, tally, measure) = measured[place];
            int? rank = measure is null ? null : place > 0 && measured[place - 1].Measure == measure ? ranked[place - 1].Rank : place + 1;
            ranked.Add(new AgencyRank(
                rank, agency.Code, agency.Name, agency.Level, tally.Received, tally.Processed, tally.OnTime, tally.Late, tally.OnTimeRate, tally.OnlineShare, tally.AverageProcessingHours,
                tally.ReceivedHere, tally.ForOthers, tally.TransferredIn));
        }

        return TypedResults.Ok(new AgencyRanking(days.From, days.To, query.Procedure, by, Hours, ranked));
    }

    private static PeriodFigures Figures(DateOnly start, DateOnly end, IReadOnlyList<GroupTally> procedures)
    {
        var sum = procedures.Aggregate(Tally.Zero, (total, group) => total + group.Tally);
        return new PeriodFigures(
            start, end, sum.Received, sum.Processed, sum.OnTime, sum.Late, sum.OnTimeRate, sum.OnlineShare, sum.AverageProcessingHours,
            [.. procedures.OrderBy(group => group.ProcedureCode, StringComparer.Ordinal).Select(group => new ProcedureFigures(
                group.ProcedureCode!, group.Tally.Received, group.Tally.Processed, group.Tally.OnTime, group.Tally.Late, group.Tally.OnTimeRate, group.Tally.OnlineShare,
                group.Tally.AverageProcessingHours, group.Tally.ReceivedHere, group.Tally.ForOthers, group.Tally.TransferredIn))],
            sum.ReceivedHere, sum.ForOthers, sum.TransferredIn);
    }

    /// <summary>The first day of the week (Monday, as PostgreSQL's date_trunc counts weeks) or month holding <paramref name="day"/>.</summary>
    private static DateOnly PeriodStart(DateOnly day, string period) =>
        period == "week" ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7)) : new DateOnly(day.Year, day.Month, 1);

    private static DateOnly NextPeriod(DateOnly start, string period) => period == "week" ? start.AddDays(7) : start.AddMonths(1);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static ProblemHttpResult NotYours() =>
        TypedResults.Problem(title: "These statistics are not yours to read.", statusCode: StatusCodes.Status403Forbidden);
}
