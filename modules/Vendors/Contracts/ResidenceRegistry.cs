namespace HanoiEgov.Vendors;

/// <summary>
/// The police's residence system (Cơ sở dữ liệu về cư trú), reached through the provincial data-sharing platform
/// (LGSP): registering a person's permanent residence in a household and removing it after death. Both are
/// asynchronous: the call files a case and answers it <see cref="ExternalCaseState.Pending"/> with the system's
/// reference; <see cref="GetCaseAsync"/> says when it is decided. A request that fails
/// <see cref="ExternalRequest.Problem(ResidenceRegistration)"/> is refused before any call; a refusal by the police
/// is a successful call whose case is <see cref="ExternalCaseState.Refused"/> with a reason.
/// </summary>
public interface IResidenceRegistry
{
    /// <summary>Files a permanent residence registration; the same idempotency key returns the same case.</summary>
    Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken);

    /// <summary>Files the removal of a deceased person from permanent residence; the same idempotency key returns the same case.</summary>
    Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken);

    /// <summary>The case as the system holds it now; <see cref="VendorFailureCodes.NotFound"/> for a reference it does not know.</summary>
    Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken);
}

/// <summary>A newborn's permanent residence, in the householder's household.</summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="PersonalId">The child's personal ID, as the population registry issued it.</param>
/// <param name="FullName">The child's full name.</param>
/// <param name="DateOfBirth">The child's date of birth.</param>
/// <param name="HouseholderPersonalId">The personal ID of the head of the household the child joins.</param>
/// <param name="Address">The permanent address.</param>
/// <param name="CommuneCode">The code of the commune or ward of the address.</param>
/// <param name="BirthRegistrationNumber">The birth registration's number, e.g. <c>125/2026</c>.</param>
public sealed record ResidenceRegistration(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfBirth,
    string HouseholderPersonalId, string Address, string CommuneCode, string BirthRegistrationNumber);

/// <summary>A deceased person's removal from permanent residence.</summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="PersonalId">The deceased's personal ID.</param>
/// <param name="FullName">The deceased's full name.</param>
/// <param name="DateOfDeath">The date of death.</param>
/// <param name="DeathRegistrationNumber">The death registration's number, e.g. <c>37/2026</c>.</param>
/// <param name="CommuneCode">The code of the commune or ward where the person was resident.</param>
public sealed record ResidenceRemoval(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfDeath,
    string DeathRegistrationNumber, string CommuneCode);
