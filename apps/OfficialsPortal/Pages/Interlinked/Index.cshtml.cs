using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace HanoiEgov.OfficialsPortal.Pages.Interlinked;

internal sealed record InterlinkedListRow(InterlinkedDossier Dossier, StatusTerm Status);

/// <summary>
/// The interlinked dossiers the official's commune received, each whole with its parts, the late part marked; only
/// those with a part late or overdue, or of one group, when asked (a GET form: the filtered list's address can be shared), a page at a time.
/// </summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class InterlinkedListModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Late { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<InterlinkedListRow> Rows { get; private set; } = [];

    /// <summary>The groups to filter by: every interlinked group the catalogue holds, in force or retired.</summary>
    public IReadOnlyList<(string Code, string Label)> Groups { get; private set; } = [];

    public long? Total { get; private set; }

    public string? NextAfter { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Problem { get; private set; }

    /// <summary>Any filter is set: an empty list then says nothing matches, not that nothing was received.</summary>
    public bool Filtered => !string.IsNullOrEmpty(Late) || !string.IsNullOrEmpty(Group);

    public async Task OnGetAsync()
    {
        Groups = await InterlinkedWords.GroupsAsync(catalogue);
        var page = await api.GetAsync<InterlinkedDossier[]>($"/api/interlinked{QueryString(After)}");
        if (page.Value is not { } dossiers)
        {
            foreach (var field in new[] { "late", "group" })
            {
                if (page.Problem!.For(field) is not null)
                {
                    Errors[field] = Words.L("Chọn một giá trị trong danh sách.", "Choose a value from the list.");
                }
            }

            Problem = Errors.Count == 0 ? ProblemText.For(page.Problem!) : null;
            return;
        }

        var rows = new List<InterlinkedListRow>();
        foreach (var dossier in dossiers)
        {
            rows.Add(new InterlinkedListRow(dossier, await vocabulary.StatusAsync(dossier.Status)));
        }

        Rows = rows;
        Total = page.Total;
        NextAfter = page.Next is { } next && QueryHelpers.ParseQuery(new Uri(new Uri("http://platform"), next).Query).TryGetValue("after", out var after) ? after.ToString() : null;
    }

    /// <summary>The filters as a query string (for the API and for this page's own links), with a page's cursor.</summary>
    public string QueryString(string? after)
    {
        var query = new Dictionary<string, string?> { ["late"] = Late, ["group"] = Group, ["after"] = after }
            .Where(pair => !string.IsNullOrEmpty(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value);
        return QueryHelpers.AddQueryString("", query);
    }
}
