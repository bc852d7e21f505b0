using System.Globalization;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Vendors;

/// <summary>
/// The development residence system: files each case in memory and decides it at its first status check, by the
/// rules the sandbox's LGSP face follows (the householder, or the deceased, must be a person the development
/// population registry knows).
/// </summary>
internal sealed partial class NullResidenceRegistry(NullVendorState state, TimeProvider time, ILogger<NullResidenceRegistry> logger) : IResidenceRegistry
{
    private readonly NullCaseDesk desk = new("CT", time);

    public Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ExternalRequest.Problem(request) ?? state.Unavailable ?? desk.File(request.IdempotencyKey, request, number =>
            state.Person(request.HouseholderPersonalId) is null
                ? NullCaseDesk.Refuse($"Chủ hộ có số định danh {request.HouseholderPersonalId} không có trong Cơ sở dữ liệu về cư trú.")
                : NullCaseDesk.Approve($"XNCT-{number}", $"Đã đăng ký thường trú cho {request.FullName} tại {request.Address}."), Logged));
    }

    public Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ExternalRequest.Problem(request) ?? state.Unavailable ?? desk.File(request.IdempotencyKey, request, number =>
            state.Person(request.PersonalId) is null
                ? NullCaseDesk.Refuse($"Công dân có số định danh {request.PersonalId} không có trong Cơ sở dữ liệu về cư trú.")
                : NullCaseDesk.Approve($"XNCT-{number}", $"Đã xóa đăng ký thường trú của {request.FullName}."), Logged));
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        Task.FromResult(ExternalRequest.ReferenceProblem(caseReference) ?? state.Unavailable ?? desk.Find(caseReference));

    private void Logged(string reference) => LogFiled(logger, reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development residence case {Reference} filed (no police system involved)")]
    private static partial void LogFiled(ILogger logger, string reference);
}

/// <summary>
/// The development Social Security: files each case in memory and decides it at its first status check (a card
/// needs a birth registration number such as <c>125/2026</c>; the allowance's claimant, and each relative claiming the
/// survivor allowance, must be a person the development population registry knows, by the rules of
/// <see cref="SurvivorClaim.Refusal"/>).
/// </summary>
internal sealed partial class NullSocialInsurance(NullVendorState state, TimeProvider time, ILogger<NullSocialInsurance> logger) : ISocialInsurance
{
    private readonly NullCaseDesk desk = new("BHXH", time);

    public Task<VendorResult<ExternalCase>> IssueChildHealthInsuranceCardAsync(ChildHealthInsuranceCard request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ExternalRequest.Problem(request) ?? state.Unavailable ?? desk.File(request.IdempotencyKey, request, number =>
            !ExternalRequest.IsRegistrationNumber(request.BirthRegistrationNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
                ? NullCaseDesk.Refuse($"Số đăng ký khai sinh \"{request.BirthRegistrationNumber}\" không hợp lệ.")
                : NullCaseDesk.Approve(
                    NullCaseDesk.Digits($"01", number, 8),
                    $"Đã cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi {request.FullName}."), Logged));
    }

    public Task<VendorResult<ExternalCase>> PayFuneralAllowanceAsync(FuneralAllowance request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ExternalRequest.Problem(request) ?? state.Unavailable ?? desk.File(request.IdempotencyKey, request, number =>
            state.Person(request.ClaimantPersonalId) is null
                ? NullCaseDesk.Refuse($"Người nhận trợ cấp có số định danh {request.ClaimantPersonalId} không có trong Cơ sở dữ liệu quốc gia về dân cư.")
                : request.Survivors?.Refusal(id => state.Person(id)?.DateOfBirth, request.DateOfDeath) is { } refused
                ? NullCaseDesk.Refuse(refused)
                : NullCaseDesk.Approve($"TCMT-{number}", request.Survivors is { } claim
                    ? $"Đã chi trợ cấp mai táng cho {request.ClaimantName}; đã giải quyết {claim.Summary}."
                    : $"Đã chi trợ cấp mai táng cho {request.ClaimantName}."), Logged));
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        Task.FromResult(ExternalRequest.ReferenceProblem(caseReference) ?? state.Unavailable ?? desk.Find(caseReference));

    private void Logged(string reference) => LogFiled(logger, reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development social-insurance case {Reference} filed (no BHXH system involved)")]
    private static partial void LogFiled(ILogger logger, string reference);
}

/// <summary>
/// The development identity-card system: files each case in memory and decides it at its first status check, by the
/// rules the sandbox's LGSP face follows (the card is issued from what the development population registry holds:
/// the child must be a person it knows, under six on the day by the date of birth it holds).
/// </summary>
internal sealed partial class NullIdentityCardRegistry(NullVendorState state, TimeProvider time, ILogger<NullIdentityCardRegistry> logger) : IIdentityCardRegistry
{
    private readonly NullCaseDesk desk = new("CC", time);

    public Task<VendorResult<ExternalCase>> IssueChildIdentityCardAsync(ChildIdentityCard request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ExternalRequest.Problem(request) ?? state.Unavailable ?? desk.File(request.IdempotencyKey, request, _ =>
            state.Person(request.PersonalId) is not { } child
                ? NullCaseDesk.Refuse($"Số định danh cá nhân {request.PersonalId} chưa có trong Cơ sở dữ liệu quốc gia về dân cư.")
                : child.DateOfBirth.AddYears(6) <= DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime)
                ? NullCaseDesk.Refuse($"Theo Cơ sở dữ liệu quốc gia về dân cư, {child.FullName} sinh ngày {child.DateOfBirth:dd/MM/yyyy}, đã đủ 6 tuổi: không cấp thẻ căn cước cho trẻ em dưới 6 tuổi.")
                : NullCaseDesk.Approve(request.PersonalId, $"Đã cấp thẻ căn cước cho {request.FullName}; thẻ được gửi đến {request.DeliveryAddress}."), Logged));
    }

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        Task.FromResult(ExternalRequest.ReferenceProblem(caseReference) ?? state.Unavailable ?? desk.Find(caseReference));

    private void Logged(string reference) => LogFiled(logger, reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development identity-card case {Reference} filed (no police system involved)")]
    private static partial void LogFiled(ILogger logger, string reference);
}

/// <summary>Cases in memory: one per idempotency key, numbered <c>&lt;prefix&gt;-&lt;yyyyMMdd&gt;-&lt;n&gt;</c>, decided at the first status check.</summary>
internal sealed class NullCaseDesk(string prefix, TimeProvider time)
{
    private readonly Dictionary<string, (object Request, string Reference)> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Filed> byReference = new(StringComparer.Ordinal);

    public static (ExternalDecision? Decision, string? Reason) Approve(string documentNumber, string summary) => (new ExternalDecision(documentNumber, summary), null);

    public static (ExternalDecision? Decision, string? Reason) Refuse(string reason) => (null, reason);

    /// <summary><paramref name="start"/> and <paramref name="count"/> digits that follow from <paramref name="seed"/> (a BHXH code: 01 and 8 digits).</summary>
    public static string Digits(string start, string seed, int count) =>
        start + (BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed))) % (ulong)Math.Pow(10, count))
            .ToString(new string('0', count), CultureInfo.InvariantCulture);

    /// <summary>The case of <paramref name="key"/>, filed now unless it was before; another request under a used key is a conflict.</summary>
    /// <param name="key">The caller's idempotency key.</param>
    /// <param name="request">The request, compared with the one filed before under the same key.</param>
    /// <param name="decide">The decision, from the case's number (<c>yyyyMMdd-n</c>).</param>
    /// <param name="filed">Told the reference of a case filed now.</param>
    public VendorResult<ExternalCase> File(string key, object request, Func<string, (ExternalDecision? Decision, string? Reason)> decide, Action<string> filed)
    {
        lock (byReference)
        {
            if (byKey.TryGetValue(key, out var known))
            {
                return known.Request.Equals(request)
                    ? byReference[known.Reference].Case
                    : VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"idempotencyKey {key} was used before for another request.");
            }

            var now = time.GetUtcNow();
            var number = string.Create(CultureInfo.InvariantCulture, $"{now.ToOffset(TimeSpan.FromHours(7)):yyyyMMdd}-{byReference.Count + 1}");
            var reference = $"{prefix}-{number}";
            byKey[key] = (request, reference);
            byReference[reference] = new Filed(new ExternalCase(reference, ExternalCaseState.Pending, now, null, null, null), decide(number));
            filed(reference);
            return byReference[reference].Case;
        }
    }

    public VendorResult<ExternalCase> Find(string reference)
    {
        lock (byReference)
        {
            if (!byReference.TryGetValue(reference, out var filed))
            {
                return VendorFailure.NotFound($"No case {reference}.");
            }

            if (filed.Case.State == ExternalCaseState.Pending)
            {
                var (decision, reason) = filed.Outcome;
                filed = filed with
                {
                    Case = filed.Case with
                    {
                        State = decision is null ? ExternalCaseState.Refused : ExternalCaseState.Approved,
                        DecidedAt = time.GetUtcNow(),
                        Decision = decision,
                        Reason = reason,
                    },
                };
                byReference[reference] = filed;
            }

            return filed.Case;
        }
    }

    private sealed record Filed(ExternalCase Case, (ExternalDecision? Decision, string? Reason) Outcome);
}
