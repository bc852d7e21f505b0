namespace HanoiEgov.Vendors;

/// <summary>
/// The police's identity-card system (hệ thống quản lý căn cước, Bộ Công an), reached through the provincial
/// data-sharing platform (LGSP): an identity card (thẻ căn cước) for a child under six, issued from what the national
/// population database holds, with no fingerprints or photo taken. Asynchronous, as <see cref="IResidenceRegistry"/>'s
/// cases are: pending with the system's reference, then approved (the card number) or refused with a reason. A request
/// that fails <see cref="ExternalRequest.Problem(ChildIdentityCard)"/> is refused before any call.
/// </summary>
public interface IIdentityCardRegistry
{
    /// <summary>Files a child's identity card; the same idempotency key returns the same case.</summary>
    Task<VendorResult<ExternalCase>> IssueChildIdentityCardAsync(ChildIdentityCard request, CancellationToken cancellationToken);

    /// <summary>The case as the system holds it now; <see cref="VendorFailureCodes.NotFound"/> for a reference it does not know.</summary>
    Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken);
}

/// <summary>An identity card for a child under six, asked for by a parent.</summary>
/// <param name="IdempotencyKey">The platform's id of the part; the same key twice names the same case.</param>
/// <param name="PersonalId">The child's personal ID, as the population registry issued it (the card's number).</param>
/// <param name="FullName">The child's full name.</param>
/// <param name="DateOfBirth">The child's date of birth; the child must be under six on the day of the request.</param>
/// <param name="Gender">"Nam" or "Nữ".</param>
/// <param name="BirthRegistrationNumber">The birth registration's number, e.g. <c>125/2026</c>.</param>
/// <param name="RequesterPersonalId">The parent who asks for the card (the declaration's applicant).</param>
/// <param name="DeliveryAddress">Where the card is delivered (the child's permanent address).</param>
public sealed record ChildIdentityCard(string IdempotencyKey, string PersonalId, string FullName, DateOnly DateOfBirth, string Gender,
    string BirthRegistrationNumber, string RequesterPersonalId, string DeliveryAddress);
