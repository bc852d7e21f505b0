namespace HanoiEgov.Modules.Procedures;

/// <summary>Service levels of an online public service (Decree 42/2022).</summary>
public static class ServiceLevels
{
    public const string Information = "information";
    public const string PartlyOnline = "partly-online";
    public const string FullOnline = "full-online";
}

/// <summary>An administrative procedure (thủ tục hành chính) with every version it has had.</summary>
/// <param name="RetiredFrom">The first day the procedure no longer takes dossiers (its code was abolished or replaced); null while it is in force.</param>
/// <param name="ReplacedBy">The procedure that takes its dossiers from <paramref name="RetiredFrom"/>, if one does.</param>
public sealed record Procedure(
    string Code, string Name, string NameEn, string Field, string AgencyLevel, IReadOnlyList<ProcedureVersion> Versions, DateOnly? RetiredFrom = null,
    string? ReplacedBy = null)
{
    /// <summary>
    /// The version in force on <paramref name="day"/>, or none if the procedure did not exist yet or was retired by
    /// then. A dossier received earlier keeps its version (<see cref="Versions"/>) after the procedure is retired.
    /// </summary>
    public ProcedureVersion? VersionOn(DateOnly day) =>
        RetiredFrom <= day ? null : Versions.Where(version => version.EffectiveFrom <= day).MaxBy(version => version.EffectiveFrom);

    /// <summary>An interlinked group in some version, in force or retired: its dossiers are followed by the process manager.</summary>
    public bool IsInterlinked => Versions.Any(version => version.IsInterlinked);

    /// <summary>True when the procedure was retired on or before <paramref name="day"/>.</summary>
    public bool RetiredOn(DateOnly day) => RetiredFrom <= day;

    /// <summary>Why no dossier of this procedure can be received on <paramref name="day"/>, in a sentence naming what to use instead; null when one can.</summary>
    public string? NotInForceReason(DateOnly day) => VersionOn(day) is not null
        ? null
        : RetiredOn(day)
            ? ReplacedBy is null
                ? $"Procedure {Code} was abolished from {RetiredFrom:yyyy-MM-dd}."
                : $"Procedure {Code} was replaced by {ReplacedBy} from {RetiredFrom:yyyy-MM-dd}; submit under {ReplacedBy}."
            : $"Procedure {Code} is not in force before {Versions.Min(version => version.EffectiveFrom):yyyy-MM-dd}.";
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
    IReadOnlyList<string> LegalBasis,
    IReadOnlyList<InterlinkedPart>? Parts = null)
{
    /// <summary>An interlinked procedure (liên thông): one dossier whose parts other procedures and agencies decide.</summary>
    public bool IsInterlinked => Parts is { Count: > 0 };

    /// <summary>The sum of the version's fees, paid online or at the counter.</summary>
    public long TotalFee(bool online) => Fees.Sum(fee => online ? fee.Online : fee.Counter);
}

/// <summary>Processing time: the same working day (before a cut-off), or a number of working days.</summary>
/// <param name="Basis">The article of law that sets the limit, where the catalogue cites one.</param>
/// <param name="BasisChecked">False when the figure could not be checked against the text of <paramref name="Basis"/>.</param>
public sealed record ProcessingTime(bool SameDay, TimeOnly? CutOff, int? WorkingDays, string? Basis = null, bool? BasisChecked = null);

/// <summary>Who decides a part of an interlinked procedure.</summary>
public static class PartDeciders
{
    /// <summary>The receiving commune or ward itself, as a dossier of the part's procedure in its back office.</summary>
    public const string Commune = "commune";

    /// <summary>The police's residence system, reached through the provincial data-sharing platform.</summary>
    public const string ResidenceRegistry = "residence-registry";

    /// <summary>Vietnam Social Security (BHXH), reached through the provincial data-sharing platform.</summary>
    public const string SocialInsurance = "social-insurance";

    /// <summary>The police's identity-card system, reached through the provincial data-sharing platform.</summary>
    public const string IdentityCardRegistry = "identity-card-registry";

    public static readonly IReadOnlyList<string> All = [Commune, ResidenceRegistry, SocialInsurance, IdentityCardRegistry];
}

/// <summary>
/// The parts the platform knows how to ask for, and who decides each: a catalogue part's key must be one of these, so
/// the process manager knows which request its outputs feed.
/// </summary>
public static class PartKeys
{
    public const string Birth = "birth";
    public const string Residence = "residence";
    public const string HealthInsurance = "health-insurance";
    public const string IdentityCard = "identity-card";
    public const string Death = "death";
    public const string ResidenceRemoval = "residence-removal";
    public const string FuneralAllowance = "funeral-allowance";

    public static readonly IReadOnlyDictionary<string, string> DecidedBy = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Birth] = PartDeciders.Commune,
        [Residence] = PartDeciders.ResidenceRegistry,
        [HealthInsurance] = PartDeciders.SocialInsurance,
        [IdentityCard] = PartDeciders.IdentityCardRegistry,
        [Death] = PartDeciders.Commune,
        [ResidenceRemoval] = PartDeciders.ResidenceRegistry,
        [FuneralAllowance] = PartDeciders.SocialInsurance,
    };
}

/// <summary>
/// One part of an interlinked procedure: the procedure it is, who decides it, its own time limit, and the parts whose
/// results it needs first (<paramref name="After"/>; their outputs feed its request).
/// </summary>
public sealed record InterlinkedPart(string Key, string Name, string ProcedureCode, string DecidedBy, ProcessingTime Processing, IReadOnlyList<string> After);

public sealed record Fee(string Name, long Counter, long Online);

public sealed record RequiredDocument(string Code, string Name, bool Required);

public sealed record ProcessingStep(string Name, int? WorkingDays, int? WorkingHours);

/// <summary>The catalogue other modules look procedures up in.</summary>
public interface IProcedureCatalogue
{
    IReadOnlyList<Procedure> All { get; }

    Procedure? Find(string code);

    /// <summary>
    /// The interlinked procedure in force on <paramref name="day"/> whose first part is <paramref name="firstPartCode"/>
    /// (1.001193 for the birth group, 1.000656 for the death group): the catalogue holds at most one on any day.
    /// </summary>
    Procedure? InterlinkedStartingWith(string firstPartCode, DateOnly day);
}
