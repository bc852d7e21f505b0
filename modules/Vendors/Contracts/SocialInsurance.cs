namespace HanoiEgov.Vendors;

/// <summary>
/// Social Security (Bảo hiểm xã hội Việt Nam, BHXH), reached through the provincial data-sharing platform (LGSP):
/// a health-insurance card for a child under six and the funeral allowance after a death. Both are asynchronous,
/// as <see cref="IResidenceRegistry"/>'s cases are: pending with BHXH's reference, then approved (the card number,
/// the payment reference) or refused with a reason.
/// </summary>
public interface ISocialInsurance
{
    /// <summary>Files a child's health-insurance card; the same idempotency key returns the same case.</summary>
    Task<VendorResult<ExternalCase>> IssueChildHealthInsuranceCardAsync(ChildHealthInsuranceCard request, CancellationToken cancellationToken);

    /// <summary>Files the funeral allowance claim; the same idempotency key returns the same case.</summary>
    Task<VendorResult<ExternalCase>> PayFuneralAllowanceAsync(FuneralAllowance request, CancellationToken cancellationToken);

    /// <summary>The case as BHXH holds it now; <see cref="VendorFailureCodes.NotFound"/> for a reference it does not know.</summary>
    Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken);
}

/// <summary>A health-insurance card for a child under six (free, paid by the state budget).</summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="PersonalId">The child's personal ID, as the population registry issued it.</param>
/// <param name="FullName">The child's full name.</param>
/// <param name="DateOfBirth">The child's date of birth.</param>
/// <param name="Gender">"Nam" or "Nữ".</param>
/// <param name="Address">Where the child lives.</param>
/// <param name="BirthRegistrationNumber">The birth registration's number, e.g. <c>125/2026</c>.</param>
public sealed record ChildHealthInsuranceCard(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfBirth,
    string Gender, string Address, string BirthRegistrationNumber);

/// <summary>
/// The funeral allowance (trợ cấp mai táng) claimed by the person who arranged the funeral and, when the deceased's
/// relatives claim it too, the survivor allowance (trợ cấp tuất): BHXH decides both as one case, "giải quyết hưởng chế
/// độ tử tuất".
/// </summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="DeceasedPersonalId">The deceased's personal ID.</param>
/// <param name="DeceasedName">The deceased's full name.</param>
/// <param name="DateOfDeath">The date of death.</param>
/// <param name="DeathRegistrationNumber">The death registration's number, e.g. <c>37/2026</c>.</param>
/// <param name="ClaimantPersonalId">The claimant's personal ID.</param>
/// <param name="ClaimantName">The claimant's full name.</param>
/// <param name="Survivors">The relatives' claim to the survivor allowance; null when none is made.</param>
public sealed record FuneralAllowance(string IdempotencyKey, string DeceasedPersonalId, string DeceasedName, DateOnly DateOfDeath,
    string DeathRegistrationNumber, string ClaimantPersonalId, string ClaimantName, SurvivorClaim? Survivors = null);

/// <summary>
/// The survivor allowance (trợ cấp tuất) the deceased's relatives claim, in one form for all of them. Two claims are
/// equal when they name the same relatives in the same order, so a request repeated under its idempotency key is the
/// same request.
/// </summary>
/// <param name="Form"><see cref="SurvivorBenefitForms.Monthly"/> or <see cref="SurvivorBenefitForms.LumpSum"/>.</param>
/// <param name="Relatives">The relatives who claim, 1 to <see cref="MaxRelatives"/>, each once.</param>
public sealed record SurvivorClaim(string Form, IReadOnlyList<DeclaredSurvivor> Relatives)
{
    /// <summary>The most relatives one declaration names (the platform's limit).</summary>
    public const int MaxRelatives = 5;

    /// <summary>The benefit form in Vietnamese: "hằng tháng" or "một lần".</summary>
    public string FormName => Form == SurvivorBenefitForms.Monthly ? "hằng tháng" : "một lần";

    /// <summary>What an approved case says of the claim, e.g. "trợ cấp tuất hằng tháng cho 2 thân nhân: Lê Ngọc Vân, Đỗ Anh Thắng".</summary>
    public string Summary => $"trợ cấp tuất {FormName} cho {Relatives.Count} thân nhân: {string.Join(", ", Relatives.Select(relative => relative.FullName))}";

    /// <summary>
    /// The rules a claim keeps before it is sent, as the field each breaks (<c>survivors.form</c>,
    /// <c>survivors.relatives</c>, <c>survivors.relatives[1].personalId</c>, counted from 0) and the rule: the form one of
    /// <see cref="SurvivorBenefitForms.All"/>; 1 to <see cref="MaxRelatives"/> relatives; each with a personal ID
    /// passing the CCCD rules, not the deceased's nor another relative's; a full name; a relationship of
    /// <see cref="SurvivorRelationships.All"/>; a date of birth that has come. Empty when the claim keeps them all.
    /// </summary>
    /// <param name="form">The benefit form, as given.</param>
    /// <param name="relatives">The relatives as given, fields possibly missing.</param>
    /// <param name="deceasedPersonalId">The deceased's personal ID, whom the claim cannot name.</param>
    /// <param name="today">Today in Việt Nam.</param>
    public static IReadOnlyList<KeyValuePair<string, string>> Problems(
        string? form, IReadOnlyList<DeclaredSurvivorInput>? relatives, string? deceasedPersonalId, DateOnly today)
    {
        var problems = new List<KeyValuePair<string, string>>();
        void Add(string field, string rule) => problems.Add(new(field, rule));
        if (form is null || !SurvivorBenefitForms.All.Contains(form))
        {
            Add("survivors.form", $"Must be {SurvivorBenefitForms.Monthly} (trợ cấp tuất hằng tháng) or {SurvivorBenefitForms.LumpSum} (trợ cấp tuất một lần).");
        }

        if (relatives is not { Count: >= 1 and <= MaxRelatives })
        {
            Add("survivors.relatives", $"Must name 1 to {MaxRelatives} relatives who claim the survivor allowance.");
            return problems;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < relatives.Count; index++)
        {
            var field = $"survivors.relatives[{index}]";
            var relative = relatives[index];
            if (PersonalId.Problem(relative.PersonalId, today) is { } badId)
            {
                Add($"{field}.personalId", $"Must be the relative's 12-digit personal ID (CCCD). {badId}");
            }
            else if (relative.PersonalId == deceasedPersonalId)
            {
                Add($"{field}.personalId", "Must not be the deceased's personal ID: the deceased cannot claim their own survivor allowance.");
            }
            else if (seen.TryGetValue(relative.PersonalId!, out var first))
            {
                Add($"{field}.personalId", $"Must not repeat relative {first}'s personal ID: name each relative once.");
            }
            else
            {
                seen[relative.PersonalId!] = index;
            }

            if (string.IsNullOrWhiteSpace(relative.FullName) || relative.FullName.Length > 200)
            {
                Add($"{field}.fullName", "Must be the relative's full name, at most 200 characters.");
            }

            if (relative.Relationship is null || !SurvivorRelationships.All.Contains(relative.Relationship))
            {
                Add($"{field}.relationship", $"Must be the relative's relationship to the deceased, one of: {string.Join(", ", SurvivorRelationships.All)}.");
            }

            if (relative.DateOfBirth is not { } born || born > today || born.Year < 1900)
            {
                Add($"{field}.dateOfBirth", "Must be the relative's date of birth, not in the future.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Why BHXH's development and sandbox faces refuse the claim, in Vietnamese and naming the relative, or null: a
    /// relative the population database does not hold, or a child aged 18 or more on the date of death claiming the
    /// monthly allowance (the platform's reading: monthly for a child under 18).
    /// </summary>
    /// <param name="bornOn">The date of birth the population database holds for a personal ID; null for a person it does not hold.</param>
    /// <param name="dateOfDeath">The date of death, the day a child's age is counted on.</param>
    public string? Refusal(Func<string, DateOnly?> bornOn, DateOnly dateOfDeath)
    {
        ArgumentNullException.ThrowIfNull(bornOn);
        foreach (var relative in Relatives)
        {
            if (bornOn(relative.PersonalId) is not { } born)
            {
                return $"Thân nhân {relative.FullName} (số định danh {relative.PersonalId}) không có trong Cơ sở dữ liệu quốc gia về dân cư.";
            }

            if (Form == SurvivorBenefitForms.Monthly && relative.Relationship == SurvivorRelationships.Child && born.AddYears(18) <= dateOfDeath)
            {
                return $"Thân nhân {relative.FullName} (số định danh {relative.PersonalId}, con, sinh ngày {born:dd/MM/yyyy}) đã đủ 18 tuổi vào ngày {dateOfDeath:dd/MM/yyyy}: "
                    + "không hưởng trợ cấp tuất hằng tháng; có thể đề nghị trợ cấp tuất một lần.";
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public bool Equals(SurvivorClaim? other) => other is not null && Form == other.Form && Relatives.SequenceEqual(other.Relatives);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Form, Relatives.Count);
}

/// <summary>A relative who claims the survivor allowance.</summary>
/// <param name="PersonalId">The relative's personal ID.</param>
/// <param name="FullName">The relative's full name.</param>
/// <param name="Relationship">The relative's relationship to the deceased, one of <see cref="SurvivorRelationships.All"/>.</param>
/// <param name="DateOfBirth">The relative's date of birth, as declared.</param>
public sealed record DeclaredSurvivor(string PersonalId, string FullName, string Relationship, DateOnly DateOfBirth);

/// <summary>A relative as a declaration gives them, before <see cref="SurvivorClaim.Problems"/> checks the fields.</summary>
/// <param name="PersonalId">The relative's personal ID, as typed.</param>
/// <param name="FullName">The relative's full name, as typed.</param>
/// <param name="Relationship">The relationship to the deceased, as chosen.</param>
/// <param name="DateOfBirth">The date of birth, as typed.</param>
public sealed record DeclaredSurvivorInput(string? PersonalId, string? FullName, string? Relationship, DateOnly? DateOfBirth);

/// <summary>How the survivor allowance is paid: every month, or once.</summary>
public static class SurvivorBenefitForms
{
    /// <summary>Trợ cấp tuất hằng tháng.</summary>
    public const string Monthly = "monthly";

    /// <summary>Trợ cấp tuất một lần.</summary>
    public const string LumpSum = "lump-sum";

    /// <summary>Both forms.</summary>
    public static readonly IReadOnlyList<string> All = [Monthly, LumpSum];
}

/// <summary>
/// The relatives who may claim the survivor allowance, by their relationship to the deceased. The platform's reading of
/// the Social Insurance Law's list of relatives (Luật Bảo hiểm xã hội 2014 Art. 67(2), as secondary sources quote it;
/// the 2024 law's Art. 86(2) text was not found): children, the spouse, the parents and the spouse's parents, and
/// another family member the deceased had the duty to support.
/// </summary>
public static class SurvivorRelationships
{
    /// <summary>A child of the deceased (con), the one relationship the monthly allowance's age rule applies to.</summary>
    public const string Child = "Con";

    /// <summary>Every relationship a relative may claim under.</summary>
    public static readonly IReadOnlyList<string> All =
        ["Vợ", "Chồng", Child, "Cha đẻ", "Mẹ đẻ", "Cha vợ hoặc cha chồng", "Mẹ vợ hoặc mẹ chồng", "Thành viên gia đình được nuôi dưỡng"];
}
