using System.Globalization;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Statistics;

internal sealed record ProcedureFigures(
    string ProcedureCode, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

internal sealed record PeriodFigures(
    DateOnly Start, DateOnly End, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    IReadOnlyList<ProcedureFigures> Procedures, long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

internal sealed record StatisticsSeries(
    string? Agency, string Period, DateOnly From, DateOnly To, string? Procedure, string ProcessingTimeUnit, PeriodFigures Total, IReadOnlyList<PeriodFigures> Periods);

internal sealed record AgencyRank(
    int? Rank, string Agency, string AgencyName, string Level, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare,
    double? AverageProcessingHours, long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

internal sealed record InterlinkedFigures(
    string? Agency, string? GroupCode, long Received, long InProgress, long Overdue, long CompletedOnTime, long CompletedLate, long Closed, double? OnTimeRate);

internal sealed record InterlinkedStatistics(
    string? Agency, DateOnly From, DateOnly To, InterlinkedFigures Total, IReadOnlyList<InterlinkedFigures> Groups, IReadOnlyList<InterlinkedFigures> Communes);

internal sealed record AgencyRanking(DateOnly From, DateOnly To, string? Procedure, string By, string ProcessingTimeUnit, IReadOnlyList<AgencyRank> Agencies);

/// <summary>
/// An agency's figures per week or month (platform administrators: any agency or the whole city, with the city's
/// ranking): received at its counter (for others too), to resolve (transferred in too), on time, late, online share
/// and mean processing time, as charts with their tables; and its interlinked dossiers, each whole once.
/// </summary>
[Authorize(Roles = $"{PlatformRoles.Official},{PlatformRoles.PlatformAdmin}")]
internal sealed class StatisticsModel(PlatformApi api, Catalogue catalogue, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Period { get; set; } = "month";

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    public bool IsAdmin => User.IsInRole(PlatformRoles.PlatformAdmin);

    public StatisticsSeries? Series { get; private set; }

    public AgencyRanking? Ranking { get; private set; }

    public InterlinkedStatistics? Interlinked { get; private set; }

    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];

    public string Scope { get; private set; } = "";

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        From ??= new DateOnly(today.Year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Procedures = await catalogue.ProceduresAsync();
        Agencies = await catalogue.AgenciesAsync();
        var agency = IsAdmin ? (string.IsNullOrEmpty(Agency) ? null : Agency) : BackOffice.AgencyOf(User);
        Scope = agency is null ? Words.L("Toàn thành phố", "The whole city") : await catalogue.AgencyNameAsync(agency);
        if (!DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay))
        {
            Errors["to"] = Words.L("Chọn một ngày.", "Choose a day.");
            return;
        }

        var query = $"period={Uri.EscapeDataString(Period)}&from={Uri.EscapeDataString(From)}&to={lastDay.AddDays(1):yyyy-MM-dd}"
            + (string.IsNullOrEmpty(Procedure) ? "" : $"&procedure={Uri.EscapeDataString(Procedure)}");
        var series = await api.GetAsync<StatisticsSeries>($"/api/statistics/dossiers/series?{query}" + (agency is null ? "" : $"&agency={Uri.EscapeDataString(agency)}"));
        if (series.Value is null)
        {
            foreach (var field in new[] { "from", "to", "period", "procedure" })
            {
                if (series.Problem!.For(field) is { } message)
                {
                    Errors[field] = message;
                }
            }

            if (Errors.Count == 0)
            {
                Errors["from"] = ProblemText.For(series.Problem!);
            }

            return;
        }

        Series = series.Value;
        Interlinked = (await api.GetAsync<InterlinkedStatistics>($"/api/statistics/interlinked?from={Uri.EscapeDataString(From)}&to={lastDay.AddDays(1):yyyy-MM-dd}"
            + (agency is null ? "" : $"&agency={Uri.EscapeDataString(agency)}"))).Value;
        if (IsAdmin)
        {
            Ranking = (await api.GetAsync<AgencyRanking>($"/api/statistics/agencies?from={Uri.EscapeDataString(From)}&to={lastDay.AddDays(1):yyyy-MM-dd}"
                + (string.IsNullOrEmpty(Procedure) ? "" : $"&procedure={Uri.EscapeDataString(Procedure)}"))).Value;
        }
    }

    public string PeriodLabel(PeriodFigures period) => Period == "week"
        ? Words.L($"Tuần {ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue))}", $"Week {ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue))}")
        : Words.L($"T{period.Start.Month}/{period.Start.Year}", period.Start.ToString("MMM yyyy", CultureInfo.InvariantCulture));

    public string PeriodTick(PeriodFigures period) => Period == "week"
        ? ISOWeek.GetWeekOfYear(period.Start.ToDateTime(TimeOnly.MinValue)).ToString(CultureInfo.InvariantCulture)
        : Words.L($"T{period.Start.Month}", period.Start.ToString("MMM", CultureInfo.InvariantCulture));

    /// <summary>The procedure's name as the catalogue gives it, or its code.</summary>
    public string ProcedureName(string? code) =>
        Procedures.FirstOrDefault(known => known.Code == code) is { } known ? Words.L(known.Name, known.NameEn) : code ?? "";

    public string AgencyName(string? code) =>
        Agencies.FirstOrDefault(known => known.Code == code) is { } known ? Words.L(known.Name, known.NameEn) : code ?? "";

    public static string Percent(double? share) => share is { } value ? (value * 100).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + " %" : "–";

    public static string Hours(double? hours) => hours is { } value ? value.ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + Words.L(" giờ", " h") : "–";

    public IEnumerable<BarChart> Charts()
    {
        var periods = Series!.Periods;
        yield return new BarChart("received", Words.L("Hồ sơ tiếp nhận", "Dossiers received"), Words.L("Số hồ sơ", "Dossiers"),
            [.. periods.Select(period => new Bar(PeriodLabel(period), PeriodTick(period), period.ReceivedHere, period.ReceivedHere.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN"))))]);
        yield return new BarChart("on-time", Words.L("Tỷ lệ giải quyết đúng hạn", "Share on time"), Words.L("Đúng hạn", "On time"),
            [.. periods.Select(period => new Bar(PeriodLabel(period), PeriodTick(period), (period.OnTimeRate ?? 0) * 100, Percent(period.OnTimeRate)))]);
        yield return new BarChart("online", Words.L("Tỷ lệ nộp trực tuyến", "Share submitted online"), Words.L("Trực tuyến", "Online"),
            [.. periods.Select(period => new Bar(PeriodLabel(period), PeriodTick(period), period.OnlineShare * 100, Percent(period.OnlineShare)))]);
        yield return new BarChart("processing", Words.L("Thời gian giải quyết trung bình", "Mean processing time"), Words.L("Giờ", "Hours"),
            [.. periods.Select(period => new Bar(PeriodLabel(period), PeriodTick(period), period.AverageProcessingHours ?? 0, Hours(period.AverageProcessingHours)))]);
    }
}
