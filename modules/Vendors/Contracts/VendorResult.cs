using System.Diagnostics.CodeAnalysis;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HanoiEgov.Vendors;

/// <summary>
/// Why a vendor call did not succeed. Vendors report failures as values, never as exceptions; exceptions are kept
/// for programming errors (a null or malformed argument the caller should have checked).
/// </summary>
/// <param name="Code">One of <see cref="VendorFailureCodes"/>; stable, meant for code.</param>
/// <param name="Message">What happened, for logs and operators; never shown to citizens as is.</param>
public sealed record VendorFailure(string Code, string Message)
{
    /// <summary>
    /// True when the vendor could not be reached or did not answer in time (<see cref="VendorFailureCodes.Unavailable"/>,
    /// <see cref="VendorFailureCodes.Timeout"/>): the call may be retried later or sent to a fallback provider.
    /// Business rejections (a bad personal ID, an unknown signer) are never unavailable.
    /// </summary>
    public bool IsUnavailable => Code is VendorFailureCodes.Unavailable or VendorFailureCodes.Timeout;

    /// <summary>The vendor cannot be reached now: connection refused, circuit open, 5xx.</summary>
    public static VendorFailure Unavailable(string message) => new(VendorFailureCodes.Unavailable, message);

    /// <summary>The vendor did not answer within the time allowed.</summary>
    public static VendorFailure Timeout(string message) => new(VendorFailureCodes.Timeout, message);

    /// <summary>The thing asked for does not exist at the vendor.</summary>
    public static VendorFailure NotFound(string message) => new(VendorFailureCodes.NotFound, message);

    /// <summary>
    /// The failure an exception from calling a vendor over HTTP stands for: an open circuit, a refused connection or a
    /// 5xx is <see cref="VendorFailureCodes.Unavailable"/>, a timeout is <see cref="VendorFailureCodes.Timeout"/>.
    /// Null for anything else (a programming error: let it propagate) and for a cancellation the caller asked for.
    /// Use it in a filter: <c>catch (Exception e) when (VendorFailure.FromException(e, cancellationToken) is { } failure)</c>.
    /// </summary>
    public static VendorFailure? FromException(Exception exception, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            BrokenCircuitException => Unavailable($"The vendor's circuit is open after repeated failures: {exception.Message}"),
            TimeoutRejectedException => Timeout($"The vendor did not answer in time: {exception.Message}"),
            HttpRequestException => Unavailable($"The vendor cannot be reached: {exception.Message}"),
            OperationCanceledException when !callerToken.IsCancellationRequested => Timeout($"The vendor did not answer in time: {exception.Message}"),
            _ => null,
        };
    }

    /// <summary>A request the vendor refuses for what it says, with a code from <see cref="VendorFailureCodes"/>.</summary>
    public static VendorFailure Invalid(string code, string message) => new(code, message);
}

/// <summary>The failure codes every capability shares, and those of one capability.</summary>
public static class VendorFailureCodes
{
    /// <summary>The vendor cannot be reached now (connection refused, circuit open, 5xx). Retry later or use the fallback.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The vendor did not answer within the time allowed. Retry later or use the fallback.</summary>
    public const string Timeout = "timeout";

    /// <summary>What the request names does not exist at the vendor (transaction, payment, message, person).</summary>
    public const string NotFound = "not-found";

    /// <summary>A field of the request is malformed; the message names the field.</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The vendor refused the platform's credentials.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>The same request id was used before with different content.</summary>
    public const string IdempotencyConflict = "idempotency-conflict";

    /// <summary>Digital signature: the vendor knows no signer (or no valid certificate) by that id.</summary>
    public const string UnknownSigner = "unknown-signer";

    /// <summary>Digital signature: the hash's length does not match its digest algorithm, or the algorithm is not offered.</summary>
    public const string InvalidHash = "invalid-hash";

    /// <summary>Digital signature: the signature of a transaction that is not completed was asked for.</summary>
    public const string NotCompleted = "not-completed";

    /// <summary>SMS: the phone number is not a Vietnamese mobile number.</summary>
    public const string InvalidPhoneNumber = "invalid-phone-number";

    /// <summary>E-mail: a recipient address is malformed.</summary>
    public const string InvalidEmailAddress = "invalid-email-address";

    /// <summary>Payment: the amount is zero, negative, or more than may be refunded.</summary>
    public const string InvalidAmount = "invalid-amount";

    /// <summary>Payment: the payment is not in a state that allows the operation (e.g. refund of an unpaid payment).</summary>
    public const string InvalidPaymentState = "invalid-payment-state";

    /// <summary>Population registry: the personal ID is not 12 digits in the CCCD shape (see <see cref="PersonalId"/>).</summary>
    public const string InvalidPersonalId = "invalid-personal-id";

    /// <summary>Population registry: no purpose or consent reference was given, so the lookup may not be made.</summary>
    public const string ConsentRequired = "consent-required";
}

/// <summary>
/// The outcome of a vendor call: a value, or a <see cref="VendorFailure"/>. A <c>default</c> value, which no
/// provider should return, counts as the failure <see cref="VendorFailureCodes.InvalidRequest"/>, never as success.
/// </summary>
/// <typeparam name="T">What a successful call returns.</typeparam>
public readonly record struct VendorResult<T>
{
    private static readonly VendorFailure Uninitialised = new(VendorFailureCodes.InvalidRequest, "The provider returned an empty result.");
    private readonly VendorFailure? failure;

    internal VendorResult(T? value, VendorFailure? failure)
    {
        Value = value;
        this.failure = failure;
        Succeeded = failure is null;
    }

    /// <summary>The value of a successful call; null when it failed.</summary>
    public T? Value { get; }

    /// <summary>Why the call failed; null when it succeeded.</summary>
    public VendorFailure? Failure => Succeeded ? null : failure ?? Uninitialised;

    /// <summary>True when the call succeeded and <see cref="Value"/> holds its result.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded { get; }

    /// <summary>Wraps a value as a successful result (not for interface types: use <see cref="VendorResult.Success{T}"/>).</summary>
    public static implicit operator VendorResult<T>(T value) => VendorResult.Success(value);

    /// <summary>Wraps a failure as a failed result.</summary>
    public static implicit operator VendorResult<T>(VendorFailure failure) => VendorResult.Fail<T>(failure);

    /// <inheritdoc/>
    public override string ToString() => Succeeded ? $"Success({Value})" : $"Failure({Failure.Code}: {Failure.Message})";
}

/// <summary>Builds <see cref="VendorResult{T}"/> values.</summary>
public static class VendorResult
{
    /// <summary>A successful result.</summary>
    public static VendorResult<T> Success<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A failed result.</summary>
    public static VendorResult<T> Fail<T>(VendorFailure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));
}
