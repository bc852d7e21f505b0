using System.Security.Claims;
using HanoiEgov.PortalShell.Drafts;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HanoiEgov.CitizenPortal.Pages.Interlinked;

/// <summary>
/// The interlinked birth declaration (2.000986): birth registration, the child's permanent residence and health-insurance
/// card in one dossier, on one page; the mother is the signed-in citizen unless changed.
/// </summary>
[Authorize(Policy = PlatformPolicies.Citizen)]
internal sealed class BirthModel(PlatformApi api, DraftCookies drafts) : InterlinkedFormModel(api, drafts)
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["agency"] = "agency",
        ["child.fullName"] = "child-name",
        ["child.dateOfBirth"] = "child-birth",
        ["child.gender"] = "child-gender",
        ["child.placeOfBirth"] = "child-place",
        ["mother.personalId"] = "mother-id",
        ["mother.fullName"] = "mother-name",
        ["father.personalId"] = "father-id",
        ["father.fullName"] = "father-name",
        ["residence.householderPersonalId"] = "householder-id",
        ["residence.address"] = "address",
    };

    [BindProperty]
    public string? ChildName { get; set; }

    [BindProperty]
    public string? ChildBirth { get; set; }

    [BindProperty]
    public string? ChildGender { get; set; }

    [BindProperty]
    public string? ChildPlace { get; set; }

    [BindProperty]
    public string? MotherId { get; set; }

    [BindProperty]
    public string? MotherName { get; set; }

    [BindProperty]
    public string? FatherId { get; set; }

    [BindProperty]
    public string? FatherName { get; set; }

    [BindProperty]
    public string? HouseholderId { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    protected override string Group => "2.000986";

    protected override IReadOnlyDictionary<string, string> Inputs => Fields;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync(startNew: true))
        {
            return NotFound();
        }

        MotherId = User.FindFirstValue(KeycloakClaims.PersonalId);
        MotherName = User.FindFirstValue("name");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync(startNew: false))
        {
            return NotFound();
        }

        await StageUploadsAsync();
        var father = Trimmed(FatherId) is null && Trimmed(FatherName) is null ? null : new { personalId = Trimmed(FatherId), fullName = Trimmed(FatherName) };
        return await SubmitAsync("/api/interlinked/births", new Dictionary<string, object?>
        {
            ["child"] = new { fullName = Trimmed(ChildName), dateOfBirth = DayOf(ChildBirth), gender = Trimmed(ChildGender), placeOfBirth = Trimmed(ChildPlace) },
            ["mother"] = new { personalId = Trimmed(MotherId), fullName = Trimmed(MotherName) },
            ["father"] = father,
            ["residence"] = new { householderPersonalId = Trimmed(HouseholderId), address = Trimmed(Address) },
        });
    }
}
