using System.Net.Http.Json;

namespace HanoiEgov.PortalShell.Platform;

public sealed record Term(string Key, string Name, string NameEn)
{
    public string Text => Words.L(Name, NameEn);
}

public sealed record StatusTerm(int Code, string Key, string Name, string NameEn)
{
    public string Text => Words.L(Name, NameEn);
}

/// <summary>The Vietnamese and English names of the dossier statuses and actions, as the platform gives them (one place).</summary>
public sealed class DossierVocabulary(IHttpClientFactory clients)
{
    private Vocabulary? words;

    public async Task<StatusTerm> StatusAsync(int code) =>
        (await LoadAsync()).Statuses.FirstOrDefault(status => status.Code == code) ?? new StatusTerm(code, code.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Trạng thái {code}", $"Status {code}");

    public async Task<Term> ActionAsync(string key) =>
        (await LoadAsync()).Actions.FirstOrDefault(action => action.Key == key) ?? new Term(key, key, key);

    private async Task<Vocabulary> LoadAsync()
    {
        if (words is { } known)
        {
            return known;
        }

        try
        {
            var loaded = await clients.CreateClient(PlatformApi.ClientName).GetFromJsonAsync<Vocabulary>("/api/dossiers/vocabulary", PlatformApi.Json)
                ?? throw new PlatformUnavailableException("The platform gave no vocabulary.");
            return words = loaded;
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.ExecutionRejectedException)
        {
            throw new PlatformUnavailableException("The platform API cannot be reached.", exception);
        }
    }

    private sealed record Vocabulary(IReadOnlyList<StatusTerm> Statuses, IReadOnlyList<Term> Actions);
}
