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

/// <summary>The funeral allowance (trợ cấp mai táng) claimed by the person who arranged the funeral.</summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="DeceasedPersonalId">The deceased's personal ID.</param>
/// <param name="DeceasedName">The deceased's full name.</param>
/// <param name="DateOfDeath">The date of death.</param>
/// <param name="DeathRegistrationNumber">The death registration's number, e.g. <c>37/2026</c>.</param>
/// <param name="ClaimantPersonalId">The claimant's personal ID.</param>
/// <param name="ClaimantName">The claimant's full name.</param>
public sealed record FuneralAllowance(string IdempotencyKey, string DeceasedPersonalId, string DeceasedName, DateOnly DateOfDeath,
    string DeathRegistrationNumber, string ClaimantPersonalId, string ClaimantName);
