namespace HanoiEgov.Modules.Procedures;

/// <summary>Service levels of an online public service (Decree 42/2022).</summary>
public static class ServiceLevels
{
    public const string Information = "information";
    public const string PartlyOnline = "partly-online";
    public const string FullOnline = "full-online";
}

/// <summary>An administrative procedure (thủ tục hành chính) with every version it has had.</summary>
public sealed record Procedure(string Code, string Name, string NameEn, string Field, string AgencyLevel, IReadOnlyList<ProcedureVersion> Versions)
{
    /// <summary>The version in force on <paramref name="day"/>, or none if the procedure did not exist yet.</summary>
    public ProcedureVersion? VersionOn(DateOnly day) =>
        Versions.Where(version => version.EffectiveFrom <= day).MaxBy(version => version.EffectiveFrom);
}

/// <summary>One version of a procedure; a dossier keeps the version it was submitted under.</summary>
public sealed record ProcedureVersion(
    int Version,
    DateOnly EffectiveFrom,
    string ServiceLevel,
    ProcessingTime Processing,
    IReadOnlyList<Fee> Fees,
    IReadOnlyList<RequiredDocument> RequiredDocuments,
    IReadOnlyList<ProcessingStep> Steps,
    IReadOnlyList<string> LegalBasis)
{
    /// <summary>The sum of the version's fees, paid online or at the counter.</summary>
    public long TotalFee(bool online) => Fees.Sum(fee => online ? fee.Online : fee.Counter);
}

/// <summary>Processing time: the same working day (before a cut-off), or a number of working days.</summary>
public sealed record ProcessingTime(bool SameDay, TimeOnly? CutOff, int? WorkingDays);

public sealed record Fee(string Name, long Counter, long Online);

public sealed record RequiredDocument(string Code, string Name, bool Required);

public sealed record ProcessingStep(string Name, int? WorkingDays, int? WorkingHours);

/// <summary>The catalogue other modules look procedures up in.</summary>
public interface IProcedureCatalogue
{
    IReadOnlyList<Procedure> All { get; }

    Procedure? Find(string code);
}
