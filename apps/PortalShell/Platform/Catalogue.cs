using System.Net.Http.Json;

namespace HanoiEgov.PortalShell.Platform;

/// <summary>
/// The public procedure catalogue and the receiving agencies, read from the platform at most every ten minutes: every
/// list and dossier page names procedures and agencies, and neither changes by the minute.
/// </summary>
public sealed class Catalogue(IHttpClientFactory clients, TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(10);
    private Snapshot? snapshot;

    public async Task<IReadOnlyList<Procedure>> ProceduresAsync() => (await LoadAsync()).Procedures;

    /// <summary>The procedures retired by today, each with the version last in force: their dossiers are still followed and listed.</summary>
    public async Task<IReadOnlyList<Procedure>> RetiredProceduresAsync() => (await LoadAsync()).Retired;

    public async Task<IReadOnlyList<Agency>> AgenciesAsync() => (await LoadAsync()).Agencies;

    public async Task<Procedure?> ProcedureAsync(string code) => (await LoadAsync()).Procedures.FirstOrDefault(procedure => procedure.Code == code);

    public async Task<string> ProcedureNameAsync(string code) =>
        await ProcedureAsync(code) is { } procedure ? Words.L(procedure.Name, procedure.NameEn) : code;

    public async Task<string> AgencyNameAsync(string code) =>
        (await LoadAsync()).Agencies.FirstOrDefault(agency => agency.Code == code) is { } agency ? Words.L(agency.Name, agency.NameEn) : code;

    private async Task<Snapshot> LoadAsync()
    {
        if (snapshot is { } known && clock.GetUtcNow() - known.At < Fresh)
        {
            return known;
        }

        try
        {
            var http = clients.CreateClient(PlatformApi.ClientName);
            var procedures = await http.GetFromJsonAsync<Procedure[]>("/api/procedures", PlatformApi.Json) ?? [];
            var retired = await http.GetFromJsonAsync<Procedure[]>("/api/procedures?status=retired", PlatformApi.Json) ?? [];
            var agencies = await http.GetFromJsonAsync<Agency[]>("/api/agencies", PlatformApi.Json) ?? [];
            return snapshot = new Snapshot(clock.GetUtcNow(), procedures, retired, agencies);
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.ExecutionRejectedException)
        {
            // A stale catalogue is better than none while the platform is briefly away.
            return snapshot ?? throw new PlatformUnavailableException("The platform API cannot be reached.", exception);
        }
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<Procedure> Procedures, IReadOnlyList<Procedure> Retired, IReadOnlyList<Agency> Agencies);
}
