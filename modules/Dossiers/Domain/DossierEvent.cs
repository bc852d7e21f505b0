using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>One recorded change of a dossier: who, when, through which channel, why, and the resulting status.</summary>
/// <param name="Data">The payload as <see cref="DossierEventJson"/> wrote it (before typed events: the facts it recorded, or null).</param>
/// <param name="HashVersion">
/// How <see cref="Hash"/> encodes the fields: 1 for events recorded before the separator fix, 2 for those before
/// typed events, 3 since (the canonical JSON of the event).
/// </param>
internal sealed record DossierEvent(
    Guid DossierId,
    int Version,
    DossierAction Action,
    DossierStatus Status,
    Actor Actor,
    string Channel,
    string? Reason,
    DateTimeOffset RecordedAt,
    string? Data,
    byte[] PreviousHash,
    byte[] Hash,
    int HashVersion = DossierEvent.CurrentHashVersion)
{
    /// <summary>The encoding new events are sealed with.</summary>
    public const int CurrentHashVersion = 3;

    /// <summary>
    /// Version 1 joined the fields with this separator, so a reason or data containing it could make two different
    /// events hash alike. Kept only to verify the events it sealed.
    /// </summary>
    private const char Version1Separator = '\u001f';

    public static readonly byte[] Genesis = new byte[32];

    /// <summary>The typed facts of this event, read from <see cref="Data"/> by its <see cref="Action"/>.</summary>
    public DossierEventPayload Payload => DossierEventJson.Read(Action, Data);

    /// <summary>Seals the event <paramref name="payload"/> records onto the chain after <paramref name="previousHash"/>.</summary>
    public static DossierEvent Seal(
        Guid dossierId, int version, DossierEventPayload payload, DossierStatus status, Actor actor, string channel, string? reason,
        DateTimeOffset recordedAt, byte[] previousHash) =>
        Seal(dossierId, version, payload.Action, status, actor, channel, reason, recordedAt, DossierEventJson.Write(payload), previousHash);

    /// <summary>Seals an event with the data as given onto the chain after <paramref name="previousHash"/>.</summary>
    public static DossierEvent Seal(
        Guid dossierId, int version, DossierAction action, DossierStatus status, Actor actor, string channel, string? reason,
        DateTimeOffset recordedAt, string? data, byte[] previousHash, int hashVersion = CurrentHashVersion)
    {
        // PostgreSQL keeps microseconds; the hash must be computed over what will be read back.
        var utc = recordedAt.ToUniversalTime();
        var stored = new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
        var unsealed = new DossierEvent(dossierId, version, action, status, actor, channel, reason, stored, data, previousHash, [], hashVersion);
        return unsealed with { Hash = unsealed.ComputeHash() };
    }

    public static bool KnowsHashVersion(int hashVersion) => hashVersion is 1 or 2 or 3;

    /// <summary>SHA-256 over the previous hash and every other field, encoded as <see cref="HashVersion"/> says.</summary>
    public byte[] ComputeHash() => HashVersion switch
    {
        1 => SHA256.HashData([.. PreviousHash, .. Encoding.UTF8.GetBytes(string.Join(Version1Separator, Fields().Select(field => field ?? "")))]),
        2 => SHA256.HashData([.. PreviousHash, .. LengthPrefixed(Fields())]),
        3 => SHA256.HashData([.. PreviousHash, .. DossierEventJson.Canonical(this)]),
        _ => throw new InvalidOperationException($"Event {Version} of dossier {DossierId} has hash version {HashVersion}, which this code does not know."),
    };

    private IEnumerable<string?> Fields() =>
    [
        DossierId.ToString("D"),
        Version.ToString(CultureInfo.InvariantCulture),
        Action.ToString(),
        ((int)Status).ToString(CultureInfo.InvariantCulture),
        Actor.UserId,
        Actor.Role,
        Actor.Agency,
        Channel,
        Reason,
        RecordedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        Data,
    ];

    /// <summary>Each field as its UTF-8 length (4 bytes, big-endian; all ones for null) followed by its bytes.</summary>
    private static byte[] LengthPrefixed(IEnumerable<string?> fields)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = field is null ? null : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, bytes is null ? uint.MaxValue : (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes ?? []);
        }

        return buffer.ToArray();
    }
}
