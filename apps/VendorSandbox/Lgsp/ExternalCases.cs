using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HanoiEgov.VendorSandbox.Lgsp;

/// <summary>The systems behind the LGSP face.</summary>
internal enum LgspSystem
{
    /// <summary>The police's residence system (Cơ sở dữ liệu về cư trú), references <c>CT-…</c>.</summary>
    Residence,

    /// <summary>Social Security (BHXH), references <c>BHXH-…</c>.</summary>
    Insurance,

    /// <summary>The police's identity-card system (hệ thống quản lý căn cước), references <c>CC-…</c>.</summary>
    IdentityCard,
}

/// <summary>What a system will decide about a case: approve with a document, or refuse with a reason.</summary>
internal sealed record LgspOutcome(bool Approved, string? DocumentNumber, string? Summary, string? Reason)
{
    public static LgspOutcome Approve(string documentNumber, string summary) => new(true, documentNumber, summary, null);

    public static LgspOutcome Refuse(string reason) => new(false, null, null, reason);
}

/// <summary>A case as filed: its outcome is fixed at filing from the data, and shown once <see cref="DecideAt"/> has come.</summary>
internal sealed record LgspCase(string Reference, LgspSystem System, string RequestId, string Fingerprint, DateTimeOffset SubmittedAt, DateTimeOffset DecideAt, LgspOutcome Outcome);

/// <summary>The cases of every system, in memory: one per request id, decided after the system's delay (read lazily).</summary>
internal sealed class ExternalCases(TimeProvider time)
{
    private readonly Dictionary<(LgspSystem, string), LgspCase> byRequest = [];
    private readonly Dictionary<string, LgspCase> byReference = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The case filed under <paramref name="requestId"/> (created false when it was filed before); null when the id was used for another request.</summary>
    /// <param name="decide">The outcome, from the case's number (<c>yyyyMMdd-n</c>).</param>
    public (LgspCase Case, bool Created)? File(LgspSystem system, string requestId, string fingerprint, TimeSpan delay, Func<string, LgspOutcome> decide)
    {
        lock (byReference)
        {
            if (byRequest.TryGetValue((system, requestId), out var known))
            {
                return known.Fingerprint == fingerprint ? (known, false) : null;
            }

            var now = Now;
            var day = now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var number = $"{day}-{byReference.Values.Count(filed => filed.System == system) + 1}";
            var prefix = system switch
            {
                LgspSystem.Residence => "CT",
                LgspSystem.Insurance => "BHXH",
                _ => "CC",
            };
            var filed = new LgspCase($"{prefix}-{number}", system, requestId, fingerprint, now, now + delay, decide(number));
            byRequest[(system, requestId)] = filed;
            byReference[filed.Reference] = filed;
            return (filed, true);
        }
    }

    public LgspCase? Find(LgspSystem system, string reference)
    {
        lock (byReference)
        {
            return byReference.TryGetValue(reference, out var filed) && filed.System == system ? filed : null;
        }
    }

    /// <summary>A BHXH code (mã số BHXH): 10 digits, the province's two (01 Hà Nội) and eight that follow from <paramref name="seed"/>.</summary>
    public static string InsuranceCode(string seed) =>
        "01" + (BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(seed))) % 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
}
