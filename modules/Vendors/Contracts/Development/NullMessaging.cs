using System.Collections.Concurrent;
using System.Net.Mail;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Vendors;

/// <summary>Logs each SMS instead of sending it; every message counts as delivered.</summary>
internal sealed partial class NullSmsGateway(NullVendorState state, TimeProvider time, ILogger<NullSmsGateway> logger) : ISmsGateway
{
    private readonly ConcurrentDictionary<string, (SmsMessage Message, SmsReceipt Receipt)> byRequest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SmsReceipt> byMessage = new(StringComparer.Ordinal);

    public Task<VendorResult<SmsReceipt>> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(Send(message));
    }

    private VendorResult<SmsReceipt> Send(SmsMessage message)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (string.IsNullOrWhiteSpace(message.RequestId) || string.IsNullOrWhiteSpace(message.Text))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "requestId and text are required.");
        }

        if (!VietnameseMobileNumber.TryNormalize(message.PhoneNumber, out var phone))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidPhoneNumber, $"phoneNumber: {VietnameseMobileNumber.Rule}");
        }

        var entry = byRequest.GetOrAdd(message.RequestId, _ => (message, new SmsReceipt(Guid.NewGuid().ToString("N"), message.RequestId, time.GetUtcNow())));
        if (entry.Message != message)
        {
            return VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Request {message.RequestId} was used before for another message.");
        }

        if (byMessage.TryAdd(entry.Receipt.MessageId, entry.Receipt))
        {
            var masked = DemoPeople.Mask(phone);
            LogSms(logger, masked, message.Text.Length, entry.Receipt.MessageId);
        }

        return entry.Receipt;
    }

    public Task<VendorResult<SmsDeliveryStatus>> GetDeliveryStatusAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult<VendorResult<SmsDeliveryStatus>>(
            state.Unavailable is { } unavailable ? unavailable
            : byMessage.TryGetValue(messageId ?? "", out var receipt) ? new SmsDeliveryStatus(receipt.MessageId, SmsDeliveryState.Delivered, receipt.AcceptedAt)
            : VendorFailure.NotFound($"No message {messageId}."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Development SMS (not sent) to {Phone}, {Length} characters, message {MessageId}")]
    private static partial void LogSms(ILogger logger, string phone, int length, string messageId);
}

/// <summary>Logs each e-mail instead of sending it.</summary>
internal sealed partial class NullEmailSender(NullVendorState state, TimeProvider time, ILogger<NullEmailSender> logger) : IEmailSender
{
    private readonly ConcurrentDictionary<string, (EmailMessage Message, EmailReceipt Receipt)> byRequest = new(StringComparer.Ordinal);

    public Task<VendorResult<EmailReceipt>> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(Send(message));
    }

    private VendorResult<EmailReceipt> Send(EmailMessage message)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (string.IsNullOrWhiteSpace(message.RequestId) || string.IsNullOrWhiteSpace(message.Subject) || message.To is not { Count: > 0 })
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "requestId, to and subject are required.");
        }

        if (message.To.FirstOrDefault(address => !MailAddress.TryCreate(address, out var parsed) || parsed.Address != address.Trim()) is { } bad)
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidEmailAddress, $"to: '{bad}' is not an e-mail address.");
        }

        var first = false;
        var entry = byRequest.GetOrAdd(message.RequestId, _ =>
        {
            first = true;
            return (message, new EmailReceipt(Guid.NewGuid().ToString("N"), message.RequestId, time.GetUtcNow()));
        });
        if (!ReferenceEquals(entry.Message, message) && !(entry.Message.Subject == message.Subject && entry.Message.TextBody == message.TextBody && entry.Message.To.SequenceEqual(message.To)))
        {
            return VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Request {message.RequestId} was used before for another message.");
        }

        if (first)
        {
            LogEmail(logger, message.To.Count, message.Subject, entry.Receipt.MessageId);
        }

        return entry.Receipt;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development e-mail (not sent) to {Recipients} recipient(s): {Subject}, message {MessageId}")]
    private static partial void LogEmail(ILogger logger, int recipients, string subject, string messageId);
}

/// <summary>Looks up the realm's demo citizens and the children it registered; records every lookup with its purpose and consent.</summary>
internal sealed partial class NullPopulationRegistry(NullVendorState state, TimeProvider time, ILogger<NullPopulationRegistry> logger) : IPopulationRegistry
{
    private readonly ConcurrentQueue<LookupRecord> lookups = new();
    private readonly Dictionary<string, (BirthRecord Birth, LookupRecord Record, string PersonalId)> births = new(StringComparer.Ordinal);

    /// <summary>Every lookup made, for audits and tests.</summary>
    public IReadOnlyCollection<LookupRecord> Lookups => lookups;

    public Task<VendorResult<PopulationRecord>> LookUpAsync(PersonLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Task.FromResult(LookUp(lookup));
    }

    private VendorResult<PopulationRecord> LookUp(PersonLookup lookup)
    {
        if (!PersonalId.IsValid(lookup.PersonalId))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidPersonalId, $"personalId: {PersonalId.Rule}");
        }

        if (string.IsNullOrWhiteSpace(lookup.Purpose) || string.IsNullOrWhiteSpace(lookup.ConsentReference) || string.IsNullOrWhiteSpace(lookup.RequestedBy))
        {
            return VendorFailure.Invalid(VendorFailureCodes.ConsentRequired, "purpose, consentReference and requestedBy are required for a lookup.");
        }

        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        var record = new LookupRecord(Guid.NewGuid().ToString("N"), lookup.Purpose, lookup.ConsentReference, lookup.RequestedBy, time.GetUtcNow());
        lookups.Enqueue(record);
        var masked = DemoPeople.Mask(lookup.PersonalId);
        LogLookup(logger, masked, lookup.Purpose, lookup.ConsentReference, lookup.RequestedBy, record.LookupId);
        return state.Person(lookup.PersonalId) is not { } person
            ? VendorFailure.NotFound($"The registry has no person {masked}.")
            : new PopulationRecord(person.PersonalId, person.FullName, person.DateOfBirth, person.Gender, "Hà Nội", "Phường Ba Đình, Hà Nội", record);
    }

    public Task<VendorResult<PopulationRecord>> RegisterBirthAsync(BirthRecord birth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(birth);
        return Task.FromResult(RegisterBirth(birth));
    }

    private VendorResult<PopulationRecord> RegisterBirth(BirthRecord birth)
    {
        if (ExternalRequest.Problem(birth) is { } problem)
        {
            return problem;
        }

        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        foreach (var (field, parent) in new[] { ("motherPersonalId", birth.MotherPersonalId), ("fatherPersonalId", birth.FatherPersonalId) })
        {
            if (parent is not null && state.Person(parent) is null)
            {
                return VendorFailure.NotFound($"{field}: Cơ sở dữ liệu quốc gia về dân cư không có công dân {DemoPeople.Mask(parent)}.");
            }
        }

        (BirthRecord Birth, LookupRecord Record, string PersonalId) entry;
        lock (births)
        {
            if (!births.TryGetValue(birth.IdempotencyKey, out entry))
            {
                var serial = 900_000 + births.Count;
                string id;
                do
                {
                    id = PersonalId.Issue("001", birth.Gender == "Nữ", birth.DateOfBirth.Year, serial++).Value;
                }
                while (state.Person(id) is not null);

                state.Born[id] = (id, birth.FullName, birth.DateOfBirth, birth.Gender);
                entry = (birth, new LookupRecord(Guid.NewGuid().ToString("N"), $"Birth registration {birth.BirthRegistrationNumber}", birth.IdempotencyKey, birth.RequestedBy, time.GetUtcNow()), id);
                births[birth.IdempotencyKey] = entry;
            }
        }

        if (entry.Birth != birth)
        {
            return VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Birth {birth.IdempotencyKey} was registered before with other details.");
        }

        var masked = DemoPeople.Mask(entry.PersonalId);
        LogBirth(logger, masked, birth.BirthRegistrationNumber, birth.RequestedBy);
        return new PopulationRecord(entry.PersonalId, birth.FullName, birth.DateOfBirth, birth.Gender, "Hà Nội", birth.Address, entry.Record);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development birth registration {Number} by {RequestedBy}: personal ID {PersonalId} issued")]
    private static partial void LogBirth(ILogger logger, string personalId, string number, string requestedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development population lookup of {PersonalId} for {Purpose} on consent {Consent} by {RequestedBy}, lookup {LookupId}")]
    private static partial void LogLookup(ILogger logger, string personalId, string purpose, string consent, string requestedBy, string lookupId);
}
