using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>What one event of an interlinked dossier records; stored as its data by <see cref="InterlinkedEventJson"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InterlinkedSubmitted), "submitted")]
[JsonDerivedType(typeof(PartStarted), "part-started")]
[JsonDerivedType(typeof(PartApproved), "part-approved")]
[JsonDerivedType(typeof(PartRefused), "part-refused")]
[JsonDerivedType(typeof(PartResubmitted), "part-resubmitted")]
[JsonDerivedType(typeof(InterlinkedCompleted), "completed")]
internal abstract record InterlinkedPayload;

/// <summary>The whole was received: its code, group version, agency, applicant, due time and the declaration every part draws on.</summary>
internal sealed record InterlinkedSubmitted(
    string Code, string GroupCode, int GroupVersion, string Agency, string ApplicantId, string ApplicantName, string Channel, DateTimeOffset DueAt,
    InterlinkedDeclaration Declaration) : InterlinkedPayload;

/// <summary>A part's dossier was created, or its request was accepted by the external system under <paramref name="Reference"/>.</summary>
internal sealed record PartStarted(string Key, int Attempt, Guid PartId, string Reference, DateTimeOffset DueAt) : InterlinkedPayload;

/// <summary>A part was decided in the applicant's favour; the civil-status part also records what feeds the others.</summary>
internal sealed record PartApproved(
    string Key, int Attempt, string DocumentNumber, string Summary, string? RegistrationNumber = null, string? SubjectPersonalId = null) : InterlinkedPayload;

internal sealed record PartRefused(string Key, int Attempt, string Reason) : InterlinkedPayload;

/// <summary>The applicant corrected a refused part: a new attempt, with its own id, starts.</summary>
internal sealed record PartResubmitted(string Key, int Attempt, Guid PartId, PartCorrection Correction) : InterlinkedPayload;

/// <summary>Every part has its result: they go back to the applicant together.</summary>
internal sealed record InterlinkedCompleted : InterlinkedPayload;

/// <summary>One recorded step of an interlinked dossier, chained to the one before by its hash.</summary>
internal sealed record InterlinkedEvent(
    Guid ParentId, int Version, string ActorId, string ActorRole, DateTimeOffset RecordedAt, string Data, byte[] PreviousHash, byte[] Hash)
{
    public static readonly byte[] Genesis = new byte[32];

    public InterlinkedPayload Payload => InterlinkedEventJson.Read(Data);

    public static InterlinkedEvent Seal(Guid parentId, int version, InterlinkedPayload payload, Actor actor, DateTimeOffset recordedAt, byte[] previousHash)
    {
        // PostgreSQL keeps microseconds; the hash is over what will be read back.
        var utc = recordedAt.ToUniversalTime();
        var stored = new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
        var unsealed = new InterlinkedEvent(parentId, version, actor.UserId, actor.Role, stored, InterlinkedEventJson.Write(payload), previousHash, []);
        return unsealed with { Hash = unsealed.ComputeHash() };
    }

    /// <summary>SHA-256 over the previous hash and the canonical JSON of every other field.</summary>
    public byte[] ComputeHash() => SHA256.HashData([.. PreviousHash, .. InterlinkedEventJson.Canonical(this)]);
}

internal static class InterlinkedEventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(InterlinkedPayload payload) => JsonSerializer.Serialize(payload, Options);

    public static InterlinkedPayload Read(string data) =>
        JsonSerializer.Deserialize<InterlinkedPayload>(data, Options) ?? throw new InvalidDataException("An interlinked event has no data.");

    /// <summary>The fields in a fixed order, the data as stored: the bytes the hash covers.</summary>
    public static byte[] Canonical(InterlinkedEvent entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("parentId", entry.ParentId.ToString("D"));
            writer.WriteNumber("version", entry.Version);
            writer.WriteString("actorId", entry.ActorId);
            writer.WriteString("actorRole", entry.ActorRole);
            writer.WriteString("recordedAt", entry.RecordedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));
            writer.WriteString("data", entry.Data);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
