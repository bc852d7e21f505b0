using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>A row of a dossier list as officials read it.</summary>
internal sealed record DossierRow(Dossier Dossier, StatusTerm Status, string Procedure);

/// <summary>The agency's open dossiers, soonest due first, a page at a time.</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class WorklistModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<DossierRow> Rows { get; private set; } = [];

    public string? NextAfter { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync()
    {
        var query = After is null ? "" : $"?after={Uri.EscapeDataString(After)}";
        var page = await api.GetAsync<Dossier[]>($"/api/agencies/{Uri.EscapeDataString(BackOffice.AgencyOf(User))}/worklist{query}");
        if (page.Value is not { } dossiers)
        {
            Problem = ProblemText.For(page.Problem!);
            return;
        }

        Rows = await RowsAsync(dossiers, vocabulary, catalogue);
        NextAfter = page.Next is { } next ? QueryValue(next, "after") : null;
    }

    public static async Task<IReadOnlyList<DossierRow>> RowsAsync(IEnumerable<Dossier> dossiers, DossierVocabulary vocabulary, Catalogue catalogue)
    {
        var rows = new List<DossierRow>();
        foreach (var dossier in dossiers)
        {
            rows.Add(new DossierRow(dossier, await vocabulary.StatusAsync(dossier.StatusCode), await catalogue.ProcedureNameAsync(dossier.ProcedureCode)));
        }

        return rows;
    }

    private static string? QueryValue(string link, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://platform"), link).Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
