using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace HanoiEgov.OfficialsPortal.Pages;

/// <summary>A row of a dossier list as officials read it; <see cref="Transfer"/> says where a dossier received for another agency came from or goes to.</summary>
internal sealed record DossierRow(Dossier Dossier, StatusTerm Status, string Procedure, string? Transfer = null);

/// <summary>The agency's open dossiers, soonest due first, filtered as the official asks, a page at a time.</summary>
[Authorize(Policy = PlatformPolicies.Official)]
internal sealed class WorklistModel(PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue) : PageModel
{
    /// <summary>The statuses an open dossier can be in.</summary>
    public static readonly int[] OpenStatuses = [1, 2, 4, 5, 6, 9];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Deadline { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Transferred { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<DossierRow> Rows { get; private set; } = [];

    public IReadOnlyList<StatusTerm> Statuses { get; private set; } = [];

    public IReadOnlyList<Procedure> Procedures { get; private set; } = [];

    public long? Total { get; private set; }

    public string? NextAfter { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Problem { get; private set; }

    public async Task OnGetAsync()
    {
        Statuses = await Task.WhenAll(OpenStatuses.Select(vocabulary.StatusAsync));
        Procedures = await catalogue.ProceduresAsync();
        var page = await api.GetAsync<Dossier[]>($"/api/agencies/{Uri.EscapeDataString(BackOffice.AgencyOf(User))}/worklist{QueryString(After)}");
        if (page.Value is not { } dossiers)
        {
            foreach (var field in new[] { "q", "status", "procedure", "channel", "assignee", "deadline", "transferred" })
            {
                if (page.Problem!.For(field) is not null)
                {
                    Errors[field] = field == "q"
                        ? Words.L("Nhập từ 2 đến 100 ký tự: mã hồ sơ hoặc một phần tên người nộp.", "Enter 2 to 100 characters: a dossier code or part of the applicant's name.")
                        : Words.L("Chọn một giá trị trong danh sách.", "Choose a value from the list.");
                }
            }

            Problem = Errors.Count == 0 ? ProblemText.For(page.Problem!) : null;
            return;
        }

        Rows = await RowsAsync(dossiers, BackOffice.AgencyOf(User), vocabulary, catalogue);
        Total = page.Total;
        NextAfter = page.Next is { } next && QueryHelpers.ParseQuery(new Uri(new Uri("http://platform"), next).Query).TryGetValue("after", out var after) ? after.ToString() : null;
    }

    /// <summary>The filters as a query string (for the API and for this page's own links), with a page's cursor.</summary>
    public string QueryString(string? after)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Status, ["procedure"] = Procedure, ["channel"] = Channel, ["assignee"] = Assignee, ["deadline"] = Deadline, ["transferred"] = Transferred, ["q"] = Q?.Trim(),
            ["after"] = after,
        }.Where(pair => !string.IsNullOrEmpty(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value);
        return QueryHelpers.AddQueryString("", query);
    }

    /// <summary>
    /// For a dossier received at one agency for another: "Chuyển đến từ …" to the agency that decides it (the
    /// <paramref name="viewer"/>'s), "Tiếp nhận tại …" naming both to the one that received it; null for any other dossier.
    /// </summary>
    public static async Task<string?> TransferAsync(Dossier dossier, string viewer, Catalogue catalogue) =>
        !dossier.Transferred ? null
        : viewer == dossier.Agency ? Words.L($"Chuyển đến từ {await catalogue.AgencyNameAsync(dossier.ReceivingAgency!)}", $"Transferred from {await catalogue.AgencyNameAsync(dossier.ReceivingAgency!)}")
        : Words.L($"Tiếp nhận tại {await catalogue.AgencyNameAsync(dossier.ReceivingAgency!)}, chuyển đến {await catalogue.AgencyNameAsync(dossier.Agency)}",
            $"Received at {await catalogue.AgencyNameAsync(dossier.ReceivingAgency!)} for {await catalogue.AgencyNameAsync(dossier.Agency)}");

    /// <param name="viewer">The agency of the official reading the list.</param>
    public static async Task<IReadOnlyList<DossierRow>> RowsAsync(IEnumerable<Dossier> dossiers, string viewer, DossierVocabulary vocabulary, Catalogue catalogue)
    {
        var rows = new List<DossierRow>();
        foreach (var dossier in dossiers)
        {
            rows.Add(new DossierRow(dossier, await vocabulary.StatusAsync(dossier.StatusCode), await catalogue.ProcedureNameAsync(dossier.ProcedureCode),
                await TransferAsync(dossier, viewer, catalogue)));
        }

        return rows;
    }
}
