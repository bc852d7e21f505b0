using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HanoiEgov.CitizenPortal.Pages.Interlinked;

/// <summary>
/// The interlinked death declaration (2.002622): death registration, removal from permanent residence and funeral
/// allowance in one dossier; the population registry must know the deceased, or the refusal shows next to their ID.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class DeathModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel(api, drafts)
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["agency"] = "agency",
        ["deceased.personalId"] = "deceased-id",
        ["deceased.fullName"] = "deceased-name",
        ["deceased.dateOfDeath"] = "death-date",
        ["deceased.placeOfDeath"] = "death-place",
        ["relationship"] = "relationship",
    };

    [BindProperty]
    public string? DeceasedId { get; set; }

    [BindProperty]
    public string? DeceasedName { get; set; }

    [BindProperty]
    public string? DeathDate { get; set; }

    [BindProperty]
    public string? DeathPlace { get; set; }

    [BindProperty]
    public string? Relationship { get; set; }

    protected override string Group => "2.002622";

    protected override IReadOnlyDictionary<string, string> Inputs => Fields;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(startNew: true) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(startNew: false))
        {
            return NotFound();
        }

        await StageUploadsAsync();
        return await SubmitAsync("/api/interlinked/deaths", new Dictionary<string, object?>
        {
            ["deceased"] = new { personalId = Trimmed(DeceasedId), fullName = Trimmed(DeceasedName), dateOfDeath = DayOf(DeathDate), placeOfDeath = Trimmed(DeathPlace) },
            ["relationship"] = Trimmed(Relationship),
        });
    }
}
