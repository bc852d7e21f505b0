#pragma warning disable CS1591 // temporary copy of the caps branch contract
namespace HanoiEgov.Vendors;

public interface ISocialInsurance
{
    Task<VendorResult<ExternalCase>> IssueChildHealthInsuranceCardAsync(ChildHealthInsuranceCard request, CancellationToken cancellationToken);

    Task<VendorResult<ExternalCase>> PayFuneralAllowanceAsync(FuneralAllowance request, CancellationToken cancellationToken);

    Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken);
}

public sealed record ChildHealthInsuranceCard(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfBirth,
    string Gender, string Address, string BirthRegistrationNumber);

public sealed record FuneralAllowance(string IdempotencyKey, string DeceasedPersonalId, string DeceasedName, DateOnly DateOfDeath,
    string DeathRegistrationNumber, string ClaimantPersonalId, string ClaimantName);
