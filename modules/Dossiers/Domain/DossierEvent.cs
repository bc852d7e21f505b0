using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>One recorded change of a dossier: who, when, through which channel, why, and the resulting status.</summary>
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
    byte[] Hash)
{
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>Seals an event onto the chain after <paramref name="previousHash"/>.</summary>
    public static DossierEvent Seal(
        Guid dossierId, int version, DossierAction action, DossierStatus status, Actor actor, string channel, string? reason,
        DateTimeOffset recordedAt, string? data, byte[] previousHash)
    {
        // PostgreSQL keeps microseconds; the hash must be computed over what will be read back.
        var utc = recordedAt.ToUniversalTime();
        var stored = new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
        var unsealed = new DossierEvent(dossierId, version, action, status, actor, channel, reason, stored, data, previousHash, []);
        return unsealed with { Hash = unsealed.ComputeHash() };
    }

    /// <summary>SHA-256 over the previous hash and every field, in a fixed text form.</summary>
    public byte[] ComputeHash()
    {
        var content = string.Join('\u001f',
            DossierId.ToString("D"),
            Version.ToString(CultureInfo.InvariantCulture),
            Action.ToString(),
            ((int)Status).ToString(CultureInfo.InvariantCulture),
            Actor.UserId,
            Actor.Role,
            Actor.Agency ?? "",
            Channel,
            Reason ?? "",
            RecordedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            Data ?? "");
        return SHA256.HashData([.. PreviousHash, .. Encoding.UTF8.GetBytes(content)]);
    }
}
