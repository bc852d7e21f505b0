namespace HanoiEgov.PortalShell.Platform;

/// <summary>Everything a dossier's page shows, as the platform lets the signed-in user see it.</summary>
public sealed record DossierPage(
    Dossier Dossier, StatusTerm Status, Procedure? Procedure, string AgencyName, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<Attachment> Attachments, IReadOnlyList<Result> Results, AvailableActions Available)
{
    public string ProcedureName => Procedure is null ? Dossier.ProcedureCode : Words.L(Procedure.Name, Procedure.NameEn);

    public IReadOnlyList<RequiredDocument> Documents => Procedure?.Version.RequiredDocuments ?? [];

    public string DocumentName(string? code) => Documents.FirstOrDefault(document => document.Code == code)?.Name ?? code ?? "";

    /// <summary>The steps as a person reads them; <paramref name="reasonShown"/> picks the steps whose reason is shown.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(DossierVocabulary vocabulary, bool forOfficials, Func<HistoryEntry, bool> reasonShown)
    {
        var timeline = new List<TimelineEntry>(History.Count);
        foreach (var entry in History)
        {
            var who = DossierWords.Who(entry.Actor, entry.Actor.Agency is null ? null : AgencyName, forOfficials);
            timeline.Add(new TimelineEntry(entry.RecordedAt, (await vocabulary.ActionAsync(entry.Action)).Text, who, reasonShown(entry) ? entry.Reason : null));
        }

        return timeline;
    }
}

public static class DossierPages
{
    /// <summary>The dossier and what goes with it; null when the platform says the user may not see it (or it does not exist).</summary>
    public static async Task<DossierPage?> LoadDossierPageAsync(this PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue, Guid id)
    {
        if ((await api.GetAsync<Dossier>($"/api/dossiers/{id}")).Value is not { } dossier)
        {
            return null;
        }

        var history = (await api.GetAsync<HistoryEntry[]>($"/api/dossiers/{id}/history")).Value ?? [];
        var attachments = (await api.GetAsync<Attachment[]>($"/api/dossiers/{id}/attachments")).Value ?? [];
        var results = (await api.GetAsync<Result[]>($"/api/dossiers/{id}/results")).Value ?? [];
        var available = (await api.GetAsync<AvailableActions>($"/api/dossiers/{id}/available-actions")).Value ?? new AvailableActions(dossier.Version, dossier.StatusCode, [], false, []);
        return new DossierPage(
            dossier, await vocabulary.StatusAsync(dossier.StatusCode), await catalogue.ProcedureAsync(dossier.ProcedureCode), await catalogue.AgencyNameAsync(dossier.Agency),
            history, attachments, results, available);
    }
}
