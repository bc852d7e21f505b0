#pragma warning disable CS1591 // temporary copy of the caps branch contract
namespace HanoiEgov.Vendors;

public interface IResidenceRegistry
{
    Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken);

    Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken);

    Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken);
}

public sealed record ResidenceRegistration(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfBirth,
    string HouseholderPersonalId, string Address, string CommuneCode, string BirthRegistrationNumber);

public sealed record ResidenceRemoval(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfDeath,
    string DeathRegistrationNumber, string CommuneCode);
