using System.Globalization;
using HanoiEgov.PortalShell.Platform;

namespace HanoiEgov.CitizenPortal;

/// <summary>Platform calls more than one citizen page makes.</summary>
internal static class CitizenCalls
{
    /// <summary>When a dossier of <paramref name="code"/> sent online now would be due.</summary>
    public static async Task<DueDate?> DueIfSentNowAsync(this PlatformApi api, string code, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return (await api.GetAsync<DueDate>($"/api/procedures/{Uri.EscapeDataString(code)}/due-date?channel=online&receivedAt={Uri.EscapeDataString(now)}")).Value;
    }
}
