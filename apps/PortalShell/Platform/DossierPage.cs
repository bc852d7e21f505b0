namespace HanoiEgov.PortalShell.Platform;

/// <summary>Everything a dossier's page shows, as the platform lets the signed-in user see it.</summary>
/// <param name="ReceivingAgencyName">The name of the agency that received a dossier for another; null when the competent agency received it.</param>
/// <param name="Interlinked">The interlinked dossier whose civil-status part this dossier is; null for any other dossier.</param>
public sealed record DossierPage(
    Dossier Dossier, StatusTerm Status, Procedure? Procedure, string AgencyName, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<Attachment> Attachments, IReadOnlyList<Result> Results, AvailableActions Available, string? ReceivingAgencyName = null,
    InterlinkedDossier? Interlinked = null)
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
            var agency = entry.Actor.Agency is null ? null
                : entry.Actor.Agency == Dossier.ReceivingAgency && ReceivingAgencyName is not null ? ReceivingAgencyName
                : AgencyName;
            var who = DossierWords.Who(entry.Actor, agency, forOfficials);
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

        // The rest needs only the id: asked at once, the page waits for the slowest call instead of their sum.
        var historyCall = api.GetAsync<HistoryEntry[]>($"/api/dossiers/{id}/history");
        var attachmentsCall = api.GetAsync<Attachment[]>($"/api/dossiers/{id}/attachments");
        var resultsCall = api.GetAsync<Result[]>($"/api/dossiers/{id}/results");
        var availableCall = api.GetAsync<AvailableActions>($"/api/dossiers/{id}/available-actions");
        var interlinkedCall = api.GetAsync<InterlinkedDossier>($"/api/interlinked/of-dossier/{id}");
        await Task.WhenAll(historyCall, attachmentsCall, resultsCall, availableCall, interlinkedCall);
        var history = (await historyCall).Value ?? [];
        var attachments = (await attachmentsCall).Value ?? [];
        var results = (await resultsCall).Value ?? [];
        var available = (await availableCall).Value ?? new AvailableActions(dossier.Version, dossier.StatusCode, [], false, []);
        return new DossierPage(
            dossier, await vocabulary.StatusAsync(dossier.StatusCode), await catalogue.ProcedureAsync(dossier.ProcedureCode), await catalogue.AgencyNameAsync(dossier.Agency),
            history, attachments, results, available, dossier.Transferred ? await catalogue.AgencyNameAsync(dossier.ReceivingAgency!) : null, (await interlinkedCall).Value);
    }
}
