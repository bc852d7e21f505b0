using System.Globalization;
using System.Text;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages.Admin;

internal sealed record CalendarDay(DateOnly Date, string Reason);

internal sealed record CalendarYear(int Year, string Status, IReadOnlyList<CalendarDay> DaysOff, IReadOnlyList<CalendarDay> MakeUpWorkingDays);

/// <summary>
/// The working calendar every deadline is counted on: a year's days off and make-up working days, viewed, added or
/// replaced by a platform administrator, one day per line ("2028-01-01 Tết Dương lịch").
/// </summary>
[Authorize(Policy = PlatformPolicies.PlatformAdmin)]
internal sealed class CalendarModel(PlatformApi api, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? DaysOff { get; set; }

    [BindProperty]
    public string? MakeUpWorkingDays { get; set; }

    public CalendarYear? Known { get; private set; }

    public bool Saved { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync([FromQuery] bool saved = false)
    {
        Year ??= clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Year;
        Saved = saved;
        Known = (await api.GetAsync<CalendarYear>($"/api/calendar/{Year}")).Value;
        Status = Known?.Status ?? "announced";
        DaysOff = Lines(Known?.DaysOff);
        MakeUpWorkingDays = Lines(Known?.MakeUpWorkingDays);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Year ??= clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).Year;
        var daysOff = Parse(DaysOff, "daysOff");
        var makeUp = Parse(MakeUpWorkingDays, "makeUpWorkingDays");
        if (Errors.Count == 0)
        {
            var saved = await api.PutAsync<CalendarYear>($"/api/calendar/{Year}", new { status = Status, daysOff, makeUpWorkingDays = makeUp });
            if (saved.Value is not null)
            {
                return Redirect($"/admin/calendar?year={Year}&saved=true");
            }

            foreach (var field in new[] { "status", "daysOff", "makeUpWorkingDays", "year" })
            {
                if (saved.Problem!.For(field) is { } message)
                {
                    Errors[field == "year" ? "daysOff" : field] = message;
                }
            }

            if (Errors.Count == 0)
            {
                Errors["daysOff"] = ProblemText.For(saved.Problem!);
            }
        }

        Known = (await api.GetAsync<CalendarYear>($"/api/calendar/{Year}")).Value;
        return Page();
    }

    private List<CalendarDay> Parse(string? text, string field)
    {
        var days = new List<CalendarDay>();
        var lineNumber = 0;
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.TrimEntries))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (!DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || parts.Length < 2)
            {
                Errors[field] = Words.L($"Dòng {lineNumber}: viết ngày dạng yyyy-MM-dd rồi lý do, ví dụ “{Year}-01-01 Tết Dương lịch”.",
                    $"Line {lineNumber}: write the date as yyyy-MM-dd, then the reason, e.g. “{Year}-01-01 New Year's Day”.");
                return days;
            }

            days.Add(new CalendarDay(date, parts[1]));
        }

        return days;
    }

    private static string Lines(IReadOnlyList<CalendarDay>? days)
    {
        var text = new StringBuilder();
        foreach (var day in days ?? [])
        {
            text.Append(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(' ').Append(day.Reason).Append('\n');
        }

        return text.ToString();
    }
}
