using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HanoiEgov.Vendors;

/// <summary>Where a case of an external system (the police's residence system, Social Security) stands.</summary>
public enum ExternalCaseState
{
    /// <summary>Received; the system has not decided yet. Ask again later (<c>GetCaseAsync</c>).</summary>
    Pending,

    /// <summary>Decided in the applicant's favour; <see cref="ExternalCase.Decision"/> holds the document number.</summary>
    Approved,

    /// <summary>Refused; <see cref="ExternalCase.Reason"/> says why, in Vietnamese. A refusal is an answer, not a failure.</summary>
    Refused,
}

/// <summary>
/// A request the platform filed with a system outside it, as that system holds it. The same idempotency key always
/// names the same case (the same <see cref="Reference"/>), never a second one.
/// </summary>
/// <param name="Reference">The external system's own case id, e.g. <c>CT-20261201-7</c>.</param>
/// <param name="State">Pending, approved or refused.</param>
/// <param name="SubmittedAt">When the system received the request.</param>
/// <param name="DecidedAt">When it decided; null while pending.</param>
/// <param name="Decision">Set when approved: the document number and a one-line Vietnamese summary.</param>
/// <param name="Reason">Set when refused: why, in Vietnamese.</param>
public sealed record ExternalCase(
    string Reference, ExternalCaseState State, DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, ExternalDecision? Decision, string? Reason);

/// <summary>What an approved case produced.</summary>
/// <param name="DocumentNumber">The residence confirmation number, the health-insurance card number or the allowance's payment reference.</param>
/// <param name="Summary">One line in Vietnamese, e.g. "Đã đăng ký thường trú tại …".</param>
public sealed record ExternalDecision(string DocumentNumber, string Summary);

/// <summary>
/// The checks every provider of <see cref="IResidenceRegistry"/>, <see cref="ISocialInsurance"/> and
/// <see cref="IPopulationRegistry.RegisterBirthAsync"/> makes before it calls its system, so a malformed request never leaves the platform: personal IDs in the CCCD shape
/// (<see cref="VendorFailureCodes.InvalidPersonalId"/>), required text present and dates not in the future
/// (<see cref="VendorFailureCodes.InvalidRequest"/>), a survivors' claim keeping <see cref="SurvivorClaim.Problems"/>. The message names the field.
/// </summary>
public static partial class ExternalRequest
{
    /// <summary>The shape of a civil-status registration number: the number in the register, a slash, the year (<c>125/2026</c>).</summary>
    public const string RegistrationNumberRule = "Must be the number in the civil-status register and its year, e.g. 125/2026.";

    /// <summary>The first problem of <paramref name="request"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(ResidenceRegistration request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.IdempotencyKey)
            ?? Id("personalId", request.PersonalId)
            ?? Text("fullName", request.FullName)
            ?? Past("dateOfBirth", request.DateOfBirth)
            ?? Id("householderPersonalId", request.HouseholderPersonalId)
            ?? Text("address", request.Address)
            ?? Text("communeCode", request.CommuneCode)
            ?? Text("birthRegistrationNumber", request.BirthRegistrationNumber);
    }

    /// <summary>The first problem of <paramref name="request"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(ResidenceRemoval request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.IdempotencyKey)
            ?? Id("personalId", request.PersonalId)
            ?? Text("fullName", request.FullName)
            ?? Past("dateOfDeath", request.DateOfDeath)
            ?? Text("deathRegistrationNumber", request.DeathRegistrationNumber)
            ?? Text("communeCode", request.CommuneCode);
    }

    /// <summary>The first problem of <paramref name="request"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(ChildHealthInsuranceCard request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.IdempotencyKey)
            ?? Id("personalId", request.PersonalId)
            ?? Text("fullName", request.FullName)
            ?? Past("dateOfBirth", request.DateOfBirth)
            ?? Text("gender", request.Gender)
            ?? Text("address", request.Address)
            ?? Text("birthRegistrationNumber", request.BirthRegistrationNumber);
    }

    /// <summary>The first problem of <paramref name="request"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(ChildIdentityCard request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.IdempotencyKey)
            ?? Id("personalId", request.PersonalId)
            ?? Text("fullName", request.FullName)
            ?? Past("dateOfBirth", request.DateOfBirth)
            ?? (request.DateOfBirth.AddYears(6) > Today ? null
                : VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, $"dateOfBirth: The child must be under six; born {request.DateOfBirth:yyyy-MM-dd}."))
            ?? (request.Gender is "Nam" or "Nữ" ? null : VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "gender: Must be \"Nam\" or \"Nữ\"."))
            ?? Text("birthRegistrationNumber", request.BirthRegistrationNumber)
            ?? Id("requesterPersonalId", request.RequesterPersonalId)
            ?? Text("deliveryAddress", request.DeliveryAddress);
    }

    /// <summary>The first problem of <paramref name="request"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(FuneralAllowance request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Key(request.IdempotencyKey)
            ?? Id("deceasedPersonalId", request.DeceasedPersonalId)
            ?? Text("deceasedName", request.DeceasedName)
            ?? Past("dateOfDeath", request.DateOfDeath)
            ?? Text("deathRegistrationNumber", request.DeathRegistrationNumber)
            ?? Id("claimantPersonalId", request.ClaimantPersonalId)
            ?? Text("claimantName", request.ClaimantName)
            ?? Claim(request.Survivors, request.DeceasedPersonalId);
    }

    /// <summary>The first problem of <paramref name="birth"/> as a failure, or null when it may be sent.</summary>
    public static VendorFailure? Problem(BirthRecord birth)
    {
        ArgumentNullException.ThrowIfNull(birth);
        return Key(birth.IdempotencyKey)
            ?? Text("fullName", birth.FullName)
            ?? Past("dateOfBirth", birth.DateOfBirth)
            ?? (birth.Gender is "Nam" or "Nữ" ? null : VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "gender: Must be \"Nam\" or \"Nữ\"."))
            ?? Text("placeOfBirth", birth.PlaceOfBirth)
            ?? Id("motherPersonalId", birth.MotherPersonalId)
            ?? (birth.FatherPersonalId is null ? null : Id("fatherPersonalId", birth.FatherPersonalId))
            ?? Text("birthRegistrationNumber", birth.BirthRegistrationNumber)
            ?? Text("address", birth.Address)
            ?? Text("requestedBy", birth.RequestedBy);
    }

    /// <summary>The failure for a case reference that cannot be one (empty), or null.</summary>
    public static VendorFailure? ReferenceProblem(string? caseReference) => Text("caseReference", caseReference);

    /// <summary>True when <paramref name="value"/> is a registration number in the shape of <see cref="RegistrationNumberRule"/>, of a year not after <paramref name="today"/>'s.</summary>
    public static bool IsRegistrationNumber([NotNullWhen(true)] string? value, DateOnly today) =>
        value is not null && RegistrationNumber().Match(value.Trim()) is { Success: true } match
        && int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture) is var year && year >= 1900 && year <= today.Year;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    private static VendorFailure? Key(string? key) =>
        string.IsNullOrWhiteSpace(key) ? VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "idempotencyKey: Required (the platform's id of the part).") : null;

    private static VendorFailure? Id(string field, string? value) =>
        PersonalId.IsValid(value) ? null : VendorFailure.Invalid(VendorFailureCodes.InvalidPersonalId, $"{field}: {PersonalId.Rule}");

    private static VendorFailure? Text(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, $"{field}: Required.") : null;

    private static VendorFailure? Claim(SurvivorClaim? claim, string deceasedPersonalId) =>
        claim is null ? null
        : SurvivorClaim.Problems(
                claim.Form, claim.Relatives.Select(relative => new DeclaredSurvivorInput(relative.PersonalId, relative.FullName, relative.Relationship, relative.DateOfBirth)).ToList(),
                deceasedPersonalId, Today) is [var (field, rule), ..]
            ? VendorFailure.Invalid(field.EndsWith(".personalId", StringComparison.Ordinal) ? VendorFailureCodes.InvalidPersonalId : VendorFailureCodes.InvalidRequest, $"{field}: {rule}")
            : null;

    private static VendorFailure? Past(string field, DateOnly value) =>
        value == default || value > Today ? VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, $"{field}: Must be a date that has come, not {value:yyyy-MM-dd}.") : null;

    [GeneratedRegex(@"^(?<number>[0-9]{1,6})/(?<year>[0-9]{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistrationNumber();
}
