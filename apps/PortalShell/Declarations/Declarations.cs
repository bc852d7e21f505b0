using System.Globalization;
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

    /// <summary>The fields as they are sent and shown again: a blank row of a repeated group dropped, the rows after it moved up.</summary>
    TSelf Tidied() => (TSelf)this;
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
/// allowance in one dossier; the population registry must know the deceased, or the refusal shows next to their ID. Optionally the relatives who
/// claim the survivor allowance (trợ cấp tuất): its form and up to <see cref="RelativeRows"/> rows; a blank row is dropped and the rows after it
/// move up (<see cref="Tidied"/>), so the platform's <c>survivors.relatives[i]</c> is row i + 1 as shown again.
/// </summary>
public sealed record DeathFields(
    string? DeceasedId = null, string? DeceasedName = null, string? DeathDate = null, string? DeathPlace = null, string? Relationship = null,
    string? SurvivorForm = null,
    string? Relative1Id = null, string? Relative1Name = null, string? Relative1Relationship = null, string? Relative1Birth = null,
    string? Relative2Id = null, string? Relative2Name = null, string? Relative2Relationship = null, string? Relative2Birth = null,
    string? Relative3Id = null, string? Relative3Name = null, string? Relative3Relationship = null, string? Relative3Birth = null)
    : IDeclarationFields<DeathFields>
{
    /// <summary>How many relatives the form offers rows for.</summary>
    public const int RelativeRows = 3;

    /// <summary>The relationships the platform accepts, as the survivor allowance's rules list them (DeathFieldsTests keeps the two lists equal).</summary>
    public static readonly IReadOnlyList<string> Relationships =
        ["Vợ", "Chồng", "Con", "Cha đẻ", "Mẹ đẻ", "Cha vợ hoặc cha chồng", "Mẹ vợ hoặc mẹ chồng", "Thành viên gia đình được nuôi dưỡng"];

    public static InterlinkedGroup Group { get; } = new("death", InterlinkedWords.DeathRegistration, "deaths", new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["deceased.personalId"] = "deceased-id", ["deceased.fullName"] = "deceased-name", ["deceased.dateOfDeath"] = "death-date", ["deceased.placeOfDeath"] = "death-place",
        ["relationship"] = "relationship", ["survivors.form"] = "survivor-form", ["survivors.relatives"] = "survivor-form",
        ["survivors.relatives[0].personalId"] = "relative-1-id", ["survivors.relatives[0].fullName"] = "relative-1-name",
        ["survivors.relatives[0].relationship"] = "relative-1-relationship", ["survivors.relatives[0].dateOfBirth"] = "relative-1-birth",
        ["survivors.relatives[1].personalId"] = "relative-2-id", ["survivors.relatives[1].fullName"] = "relative-2-name",
        ["survivors.relatives[1].relationship"] = "relative-2-relationship", ["survivors.relatives[1].dateOfBirth"] = "relative-2-birth",
        ["survivors.relatives[2].personalId"] = "relative-3-id", ["survivors.relatives[2].fullName"] = "relative-3-name",
        ["survivors.relatives[2].relationship"] = "relative-3-relationship", ["survivors.relatives[2].dateOfBirth"] = "relative-3-birth",
    });

    public static DeathFields Empty { get; } = new();

    /// <summary>The rows as typed: personal ID, full name, relationship, date of birth.</summary>
    public IReadOnlyList<(string? Id, string? Name, string? Relationship, string? Birth)> Relatives =>
    [
        (Relative1Id, Relative1Name, Relative1Relationship, Relative1Birth),
        (Relative2Id, Relative2Name, Relative2Relationship, Relative2Birth),
        (Relative3Id, Relative3Name, Relative3Relationship, Relative3Birth),
    ];

    public Dictionary<string, object?> Declaration()
    {
        var declaration = new Dictionary<string, object?>
        {
            ["deceased"] = new { personalId = Trimmed(DeceasedId), fullName = Trimmed(DeceasedName), dateOfDeath = DayOf(DeathDate), placeOfDeath = Trimmed(DeathPlace) },
            ["relationship"] = Trimmed(Relationship),
        };
        if (SurvivorsClaim() is { } claim)
        {
            declaration["survivors"] = claim;
        }

        return declaration;
    }

    /// <summary>The survivors' inputs filled with <paramref name="claim"/> (none: empty); null when it names more relatives than the form has rows.</summary>
    public static DeathFields? Of(SentSurvivors? claim)
    {
        if (claim is null)
        {
            return Empty;
        }

        if (claim.Relatives.Count > RelativeRows)
        {
            return null;
        }

        return Empty.WithRows(claim.Form, [.. claim.Relatives.Select(relative => ((string?)relative.PersonalId, (string?)relative.FullName,
            (string?)relative.Relationship, (string?)relative.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))]);
    }

    public DeathFields Tidied() => WithRows(SurvivorForm, [.. Relatives.Where(row => Trimmed(row.Id) is not null || Trimmed(row.Name) is not null
        || Trimmed(row.Relationship) is not null || Trimmed(row.Birth) is not null)]);

    private DeathFields WithRows(string? form, IReadOnlyList<(string? Id, string? Name, string? Relationship, string? Birth)> rows)
    {
        (string? Id, string? Name, string? Relationship, string? Birth) Row(int index) => index < rows.Count ? rows[index] : default;
        var (first, second, third) = (Row(0), Row(1), Row(2));
        return this with
        {
            SurvivorForm = form,
            Relative1Id = first.Id,
            Relative1Name = first.Name,
            Relative1Relationship = first.Relationship,
            Relative1Birth = first.Birth,
            Relative2Id = second.Id,
            Relative2Name = second.Name,
            Relative2Relationship = second.Relationship,
            Relative2Birth = second.Birth,
            Relative3Id = third.Id,
            Relative3Name = third.Name,
            Relative3Relationship = third.Relationship,
            Relative3Birth = third.Birth,
        };
    }

    /// <summary>The platform's <c>survivors</c> as typed, or null when no form is chosen.</summary>
    public object? SurvivorsClaim()
    {
        if (Trimmed(SurvivorForm) is not { } form)
        {
            return null;
        }

        var typed = Relatives.Select(row => new { personalId = Trimmed(row.Id), fullName = Trimmed(row.Name), relationship = Trimmed(row.Relationship), dateOfBirth = DayOf(row.Birth) }).ToList();
        var last = typed.FindLastIndex(row => row.personalId is not null || row.fullName is not null || row.relationship is not null || row.dateOfBirth is not null);
        return new { form, relatives = typed.Take(last + 1).ToList() };
    }
}

/// <summary>
/// The survivors' fieldset of a death, in the declaration or in the correction of a refused funeral allowance, filled
/// with the claim it was sent with. Its first choice is no claim, or, when the claim names more relatives than the
/// form has rows, keeping it as declared.
/// </summary>
/// <param name="Error">The message next to an input, by its id; empty for none.</param>
/// <param name="KeepsDeclared">True in a correction whose claim the form cannot show.</param>
public sealed record SurvivorsFieldset(DeathFields Fields, Func<string, string> Error, bool KeepsDeclared = false)
{
    /// <summary>What the first choice of the form says.</summary>
    public string NoChange => KeepsDeclared ? Words.L("Giữ nguyên như đã kê khai", "Keep as declared") : Words.L("Không đề nghị", "Not claimed");
}
