using System.Globalization;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>Form 07, the agency's tracking ledger, for a period the official chooses (the first day included, the last one too).</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class LedgerModel(PlatformApi api, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public void OnGet()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        From ??= new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var from = Day(From, "from");
        var to = Day(To, "to");
        if (from is not null && to is not null && to < from)
        {
            Errors["to"] = Words.L("Ngày cuối phải từ ngày đầu trở đi.", "The last day must not be before the first.");
        }
        else if (from is not null && to is not null && to.Value.DayNumber - from.Value.DayNumber > 365)
        {
            Errors["to"] = Words.L("Mỗi lần in tối đa 366 ngày.", "At most 366 days at a time.");
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var query = $"from={from:yyyy-MM-dd}&to={to!.Value.AddDays(1):yyyy-MM-dd}";
        var (response, status) = await api.DownloadAsync($"/api/agencies/{Uri.EscapeDataString(BackOffice.AgencyOf(User))}/ledger?{query}");
        if (response is null)
        {
            Errors["from"] = Words.L($"Hệ thống không in được sổ cho khoảng thời gian này ({(int)status}).", $"The ledger cannot be printed for this period ({(int)status}).");
            return Page();
        }

        HttpContext.Response.RegisterForDispose(response);
        var name = $"so-theo-doi-ho-so-{from:yyyyMMdd}-{to:yyyyMMdd}.pdf";
        return File(await response.Content.ReadAsStreamAsync(HttpContext.RequestAborted), "application/pdf", name);
    }

    private DateOnly? Day(string? text, string field)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        Errors[field] = Words.L("Chọn một ngày.", "Choose a day.");
        return null;
    }
}
