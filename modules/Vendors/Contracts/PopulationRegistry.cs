namespace HanoiEgov.Vendors;

/// <summary>
/// Looks a person up in the national population database (Cơ sở dữ liệu quốc gia về dân cư) through a vendor's
/// connection (eKYC / identity verification). Every lookup states its purpose and the citizen's consent, which the
/// vendor records and the result repeats, so the platform can keep the record with what it used the data for.
/// </summary>
public interface IPopulationRegistry
{
    /// <summary>
    /// The person with a personal ID. <see cref="VendorFailureCodes.InvalidPersonalId"/> for an ID that is not in the
    /// CCCD shape (checked before any call), <see cref="VendorFailureCodes.ConsentRequired"/> without purpose or
    /// consent reference, <see cref="VendorFailureCodes.NotFound"/> when the registry has no such person.
    /// </summary>
    Task<VendorResult<PopulationRecord>> LookUpAsync(PersonLookup lookup, CancellationToken cancellationToken);

    /// <summary>
    /// The child's record with the personal ID the registry issues; the same IdempotencyKey returns the same ID.
    /// The ID follows the CCCD rules (<see cref="Vendors.PersonalId"/>: the province of the registration, the
    /// gender and century, the year of birth), and the child is a person the registry knows from then on.
    /// <see cref="ExternalRequest.Problem(BirthRecord)"/>'s failures are returned before any call;
    /// <see cref="VendorFailureCodes.NotFound"/> when the registry does not know the mother (or the father named);
    /// <see cref="VendorFailureCodes.IdempotencyConflict"/> for a key used before for another birth.
    /// </summary>
    Task<VendorResult<PopulationRecord>> RegisterBirthAsync(BirthRecord birth, CancellationToken cancellationToken);
}

/// <summary>A birth registered by the civil-status officer, for the registry to issue the child's personal ID.</summary>
/// <param name="IdempotencyKey">The platform's id of the birth part; the same key twice returns the same ID.</param>
/// <param name="FullName">The child's full name.</param>
/// <param name="DateOfBirth">The child's date of birth.</param>
/// <param name="Gender">"Nam" or "Nữ".</param>
/// <param name="PlaceOfBirth">Where the child was born.</param>
/// <param name="MotherPersonalId">The mother's personal ID; she must be in the registry.</param>
/// <param name="FatherPersonalId">The father's personal ID, or null when the birth names no father.</param>
/// <param name="BirthRegistrationNumber">The birth registration's number, e.g. <c>125/2026</c>.</param>
/// <param name="Address">The child's permanent address (the parents').</param>
/// <param name="RequestedBy">Who asks: the official's or service's user name.</param>
public sealed record BirthRecord(string IdempotencyKey, string FullName, DateOnly DateOfBirth, string Gender, string PlaceOfBirth,
    string MotherPersonalId, string? FatherPersonalId, string BirthRegistrationNumber, string Address, string RequestedBy);

/// <summary>A lookup with its legal basis.</summary>
/// <param name="PersonalId">The 12-digit personal ID (see <see cref="Vendors.PersonalId"/>).</param>
/// <param name="Purpose">What the data is for, e.g. "Dossier 00004-261129-0001: permanent residence registration".</param>
/// <param name="ConsentReference">Where the citizen's consent is recorded, e.g. the dossier code or the consent record id.</param>
/// <param name="RequestedBy">Who asks: the official's or service's user name.</param>
public sealed record PersonLookup(string PersonalId, string Purpose, string ConsentReference, string RequestedBy);

/// <summary>A person as the registry holds them, with the record of the lookup.</summary>
/// <param name="PersonalId">The 12-digit personal ID.</param>
/// <param name="FullName">Full name with diacritics.</param>
/// <param name="DateOfBirth">Date of birth.</param>
/// <param name="Gender">"Nam" or "Nữ", as the registry writes it.</param>
/// <param name="PlaceOfOrigin">Quê quán.</param>
/// <param name="PermanentAddress">Nơi thường trú.</param>
/// <param name="Lookup">What was recorded about this lookup.</param>
public sealed record PopulationRecord(
    string PersonalId,
    string FullName,
    DateOnly DateOfBirth,
    string Gender,
    string PlaceOfOrigin,
    string PermanentAddress,
    LookupRecord Lookup);

/// <summary>The registry's record of one lookup: what it was for and on what consent.</summary>
/// <param name="LookupId">The registry's id of the lookup, to quote in an audit.</param>
/// <param name="Purpose">The purpose given.</param>
/// <param name="ConsentReference">The consent reference given.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="At">When.</param>
public sealed record LookupRecord(string LookupId, string Purpose, string ConsentReference, string RequestedBy, DateTimeOffset At);
