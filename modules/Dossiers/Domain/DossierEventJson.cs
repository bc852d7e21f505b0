using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>
/// The one serializer of dossier events, for the grain, the forms and the verifier: an event's data is its payload
/// as this writes it, read back by the event's action; hash version 3 seals the event's canonical form.
/// </summary>
internal static class DossierEventJson
{
    /// <summary>The payload's JSON, as stored in the event's data.</summary>
    public static string Write(DossierEventPayload payload) => JsonSerializer.Serialize(payload, InfoOf(payload.Action));

    /// <summary>
    /// The payload of an event with this action and data. Data written before typed events (the facts of the
    /// first event, a due time, an assignee; none for most steps) has the same names and reads the same way.
    /// </summary>
    public static DossierEventPayload Read(DossierAction action, string? data) =>
        data is null
            ? DossierEventPayload.Of(action, null)
            : (DossierEventPayload)(JsonSerializer.Deserialize(data, InfoOf(action))
                ?? throw new JsonException($"The data of a '{action}' event is null."));

    /// <summary>The event as hash version 3 seals it: every field but the hashes, the data as stored, in one JSON object.</summary>
    public static byte[] Canonical(DossierEvent entry) => JsonSerializer.SerializeToUtf8Bytes(
        new CanonicalEvent(entry.DossierId, entry.Version, entry.Action.ToString(), (int)entry.Status, entry.Actor, entry.Channel, entry.Reason,
            entry.RecordedAt.ToUniversalTime(), entry.Data),
        DossierEventJsonContext.Default.CanonicalEvent);

    private static JsonTypeInfo InfoOf(DossierAction action)
    {
        var types = DossierEventJsonContext.Default;
        return action switch
        {
            DossierAction.SubmitOnline => types.DossierSubmitted,
            DossierAction.RegisterAtCounter => types.DossierRegisteredAtCounter,
            DossierAction.Accept => types.DossierAccepted,
            DossierAction.Refuse => types.DossierRefused,
            DossierAction.StartProcessing => types.ProcessingStarted,
            DossierAction.RequestSupplement => types.SupplementRequested,
            DossierAction.ProvideSupplement => types.SupplementProvided,
            DossierAction.RequestPayment => types.PaymentRequested,
            DossierAction.ConfirmPayment => types.PaymentConfirmed,
            DossierAction.StopProcessing => types.ProcessingStopped,
            DossierAction.Approve => types.DossierApproved,
            DossierAction.ReturnResult => types.ResultReturned,
            DossierAction.Withdraw => types.DossierWithdrawn,
            DossierAction.MarkNearDue => types.MarkedNearDue,
            DossierAction.MarkOverdue => types.MarkedOverdue,
            DossierAction.ExtendDeadline => types.DeadlineExtended,
            DossierAction.SignResult => types.ResultSigned,
            DossierAction.Assign => types.DossierAssigned,
            DossierAction.HandOver => types.DossierHandedOver,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "No event records this action."),
        };
    }
}

/// <summary>What hash version 3 covers, in this order; <see cref="Data"/> is the stored text, so any change to it shows.</summary>
/// <param name="Status">The national status code.</param>
internal sealed record CanonicalEvent(
    Guid DossierId, int Version, string Action, int Status, Actor Actor, string Channel, string? Reason, DateTimeOffset RecordedAt, string? Data);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CanonicalEvent))]
[JsonSerializable(typeof(DossierSubmitted))]
[JsonSerializable(typeof(DossierRegisteredAtCounter))]
[JsonSerializable(typeof(DossierAccepted))]
[JsonSerializable(typeof(DossierRefused))]
[JsonSerializable(typeof(ProcessingStarted))]
[JsonSerializable(typeof(SupplementRequested))]
[JsonSerializable(typeof(SupplementProvided))]
[JsonSerializable(typeof(PaymentRequested))]
[JsonSerializable(typeof(PaymentConfirmed))]
[JsonSerializable(typeof(ProcessingStopped))]
[JsonSerializable(typeof(DossierApproved))]
[JsonSerializable(typeof(ResultReturned))]
[JsonSerializable(typeof(DossierWithdrawn))]
[JsonSerializable(typeof(MarkedNearDue))]
[JsonSerializable(typeof(MarkedOverdue))]
[JsonSerializable(typeof(DeadlineExtended))]
[JsonSerializable(typeof(ResultSigned))]
[JsonSerializable(typeof(DossierAssigned))]
[JsonSerializable(typeof(DossierHandedOver))]
internal sealed partial class DossierEventJsonContext : JsonSerializerContext;
