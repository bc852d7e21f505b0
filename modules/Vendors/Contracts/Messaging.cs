namespace HanoiEgov.Vendors;

/// <summary>
/// Brandname SMS (tin nhắn thương hiệu): the platform's notices to citizens' phones. Sending answers with the
/// gateway's message id once the gateway accepts the message; delivery is reported later.
/// </summary>
public interface ISmsGateway
{
    /// <summary>
    /// Hands a message to the gateway. <see cref="VendorFailureCodes.InvalidPhoneNumber"/> for a number that is
    /// not a Vietnamese mobile number (see <see cref="VietnameseMobileNumber"/>). The same
    /// <see cref="SmsMessage.RequestId"/> again returns the first receipt and sends nothing.
    /// </summary>
    Task<VendorResult<SmsReceipt>> SendAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>Whether the message reached the phone; <see cref="VendorFailureCodes.NotFound"/> for an unknown id.</summary>
    Task<VendorResult<SmsDeliveryStatus>> GetDeliveryStatusAsync(string messageId, CancellationToken cancellationToken);
}

/// <summary>A text message to one phone.</summary>
/// <param name="RequestId">The caller's idempotency key.</param>
/// <param name="PhoneNumber">Vietnamese mobile number, national (0912345678) or international (+84912345678).</param>
/// <param name="Text">The text; gateways split long texts into parts.</param>
public sealed record SmsMessage(string RequestId, string PhoneNumber, string Text);

/// <summary>The gateway accepted a message.</summary>
/// <param name="MessageId">The gateway's id, for <see cref="ISmsGateway.GetDeliveryStatusAsync"/>.</param>
/// <param name="RequestId">The caller's request id it answers.</param>
/// <param name="AcceptedAt">When the gateway accepted it.</param>
public sealed record SmsReceipt(string MessageId, string RequestId, DateTimeOffset AcceptedAt);

/// <summary>How far a message got.</summary>
public enum SmsDeliveryState
{
    /// <summary>Accepted, not yet handed to the network.</summary>
    Queued,

    /// <summary>Handed to the mobile network.</summary>
    Sent,

    /// <summary>The phone received it.</summary>
    Delivered,

    /// <summary>It will not arrive (see <see cref="SmsDeliveryStatus.Reason"/>).</summary>
    Failed,
}

/// <summary>The delivery status of one message.</summary>
/// <param name="MessageId">The gateway's message id.</param>
/// <param name="State">How far it got.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
/// <param name="Reason">Why it failed, when it did.</param>
public sealed record SmsDeliveryStatus(string MessageId, SmsDeliveryState State, DateTimeOffset UpdatedAt, string? Reason = null);

/// <summary>E-mail to citizens and officials.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Hands a message to the mail service. <see cref="VendorFailureCodes.InvalidEmailAddress"/> names a malformed
    /// recipient; the same <see cref="EmailMessage.RequestId"/> again returns the first receipt and sends nothing.
    /// </summary>
    Task<VendorResult<EmailReceipt>> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>An e-mail.</summary>
/// <param name="RequestId">The caller's idempotency key.</param>
/// <param name="To">Recipient addresses (at least one).</param>
/// <param name="Subject">Subject line.</param>
/// <param name="TextBody">Plain-text body.</param>
/// <param name="HtmlBody">Optional HTML body.</param>
public sealed record EmailMessage(string RequestId, IReadOnlyList<string> To, string Subject, string TextBody, string? HtmlBody = null);

/// <summary>The mail service accepted a message.</summary>
/// <param name="MessageId">The service's message id.</param>
/// <param name="RequestId">The caller's request id it answers.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
public sealed record EmailReceipt(string MessageId, string RequestId, DateTimeOffset AcceptedAt);
