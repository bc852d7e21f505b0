using System.Security.Claims;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using static HanoiEgov.PortalShell.Declarations.FormValues;

namespace HanoiEgov.PortalShell.Declarations;

/// <summary>An interlinked group's form: its name in ids (birth, death), its procedure code, its platform route, and its fields' inputs by the platform's names.</summary>
public sealed record InterlinkedGroup(string Kind, string FirstPart, string Route, IReadOnlyDictionary<string, string> Inputs);

/// <summary>At the counter: the applicant's inputs, as typed.</summary>
public sealed record ApplicantFields(string? ApplicantId = null, string? ApplicantName = null);

/// <summary>The inputs of one group's declaration, as typed, and the declaration the platform reads from them.</summary>
public interface IDeclarationFields<TSelf>
    where TSelf : IDeclarationFields<TSelf>
{
    static abstract InterlinkedGroup Group { get; }

    static abstract TSelf Empty { get; }

    Dictionary<string, object?> Declaration();

    /// <summary>A new online form filled with what the signed-in citizen is known to be.</summary>
    TSelf Prefilled(ClaimsPrincipal citizen) => (TSelf)this;
}

/// <summary>
/// The interlinked birth declaration (3.000722 from 1/9/2026, 2.000986 before): birth registration, the child's
/// permanent residence, health-insurance card and identity card in one dossier. Online the mother is the signed-in
/// citizen unless changed.
/// </summary>
public sealed record BirthFields(
    string? ChildName = null, string? ChildBirth = null, string? ChildGender = null, string? ChildPlace = null, string? MotherId = null, string? MotherName = null,
    string? FatherId = null, string? FatherName = null, string? HouseholderId = null, string? Address = null) : IDeclarationFields<BirthFields>
{
    public static InterlinkedGroup Group { get; } = new("birth", InterlinkedWords.BirthRegistration, "births", new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["child.fullName"] = "child-name", ["child.dateOfBirth"] = "child-birth", ["child.gender"] = "child-gender", ["child.placeOfBirth"] = "child-place",
        ["mother.personalId"] = "mother-id", ["mother.fullName"] = "mother-name", ["father.personalId"] = "father-id", ["father.fullName"] = "father-name",
        ["residence.householderPersonalId"] = "householder-id", ["residence.address"] = "address",
    });

    public static BirthFields Empty { get; } = new();

    public BirthFields Prefilled(ClaimsPrincipal citizen) => this with { MotherId = citizen.FindFirstValue(KeycloakClaims.PersonalId), MotherName = citizen.FindFirstValue("name") };

    public Dictionary<string, object?> Declaration() => new()
    {
        ["child"] = new { fullName = Trimmed(ChildName), dateOfBirth = DayOf(ChildBirth), gender = Trimmed(ChildGender), placeOfBirth = Trimmed(ChildPlace) },
        ["mother"] = new { personalId = Trimmed(MotherId), fullName = Trimmed(MotherName) },
        ["father"] = Trimmed(FatherId) is null && Trimmed(FatherName) is null ? null : new { personalId = Trimmed(FatherId), fullName = Trimmed(FatherName) },
        ["residence"] = new { householderPersonalId = Trimmed(HouseholderId), address = Trimmed(Address) },
    };
}

/// <summary>
/// The interlinked death declaration (2.002913 from 1/9/2026, 2.002622 before): death registration, removal from permanent residence and funeral
/// allowance in one dossier; the population registry must know the deceased, or the refusal shows next to their ID.
/// </summary>
public sealed record DeathFields(string? DeceasedId = null, string? DeceasedName = null, string? DeathDate = null, string? DeathPlace = null, string? Relationship = null)
    : IDeclarationFields<DeathFields>
{
    public static InterlinkedGroup Group { get; } = new("death", InterlinkedWords.DeathRegistration, "deaths", new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["deceased.personalId"] = "deceased-id", ["deceased.fullName"] = "deceased-name", ["deceased.dateOfDeath"] = "death-date", ["deceased.placeOfDeath"] = "death-place",
        ["relationship"] = "relationship",
    });

    public static DeathFields Empty { get; } = new();

    public Dictionary<string, object?> Declaration() => new()
    {
        ["deceased"] = new { personalId = Trimmed(DeceasedId), fullName = Trimmed(DeceasedName), dateOfDeath = DayOf(DeathDate), placeOfDeath = Trimmed(DeathPlace) },
        ["relationship"] = Trimmed(Relationship),
    };
}
