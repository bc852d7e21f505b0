namespace HanoiEgov.Modules.Dossiers;

/// <summary>The national status codes of a dossier (TrangThaiHoSo), as reported to the national portal.</summary>
public enum DossierStatus
{
    NewlyRegistered = 1,
    Received = 2,
    Refused = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    ProcessingStopped = 8,
    Processed = 9,
    ResultReturned = 10,
}

/// <summary>What can happen to a dossier; each is one event in its history.</summary>
public enum DossierAction
{
    SubmitOnline,
    RegisterAtCounter,
    Accept,
    Refuse,
    StartProcessing,
    RequestSupplement,
    ProvideSupplement,
    RequestPayment,
    ConfirmPayment,
    StopProcessing,
    Approve,
    ReturnResult,
    Withdraw,
    MarkNearDue,
    MarkOverdue,
    ExtendDeadline,
    SignResult,
    Assign,

    /// <summary>The receiving agency's one-stop clerk hands a dossier received for another agency over to it (Decree 118/2025).</summary>
    HandOver,
}

/// <summary>Who did something to a dossier, in which role and for which agency.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.Actor")]
public sealed record Actor([property: Id(0)] string UserId, [property: Id(1)] string Role, [property: Id(2)] string? Agency);

/// <summary>A person of the realm as its directory describes them: the user id (the <c>sub</c> of their tokens), their agency and platform roles.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.Official")]
public sealed record Official(
    [property: Id(0)] string Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Agency,
    [property: Id(4)] IReadOnlyList<string> Roles);

/// <summary>What the chain verifier found wrong with one stored event.</summary>
public sealed record ChainProblem(int Version, string Problem);

/// <summary>The verifier's verdict on one dossier's stored history.</summary>
/// <param name="Anchor">The latest anchor that covers the dossier; null when none has yet.</param>
public sealed record ChainReport(Guid DossierId, int EventCount, bool Intact, IReadOnlyList<ChainProblem> Problems, AnchorVerdict? Anchor = null);

/// <summary>An anchor, signed and timestamped outside the database, that recorded the dossier's head at <paramref name="Version"/>.</summary>
public sealed record AnchorVerdict(string AnchorId, int Version, DateTimeOffset TimestampedAt);

/// <summary>A dossier as its events leave it.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierSnapshot")]
public sealed record DossierSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string ProcedureCode,
    [property: Id(3)] int ProcedureVersion,
    [property: Id(4)] string Agency,
    [property: Id(5)] string ApplicantId,
    [property: Id(6)] string ApplicantName,
    [property: Id(7)] string Channel,
    [property: Id(8)] DossierStatus Status,
    [property: Id(9)] int Version,
    [property: Id(10)] DateTimeOffset ReceivedAt,
    [property: Id(11)] DateTimeOffset DueAt,
    [property: Id(12)] DossierStatus? PausedFrom,
    [property: Id(13)] DateTimeOffset? PausedAt,
    [property: Id(14)] bool NearDueMarked = false,
    [property: Id(15)] bool OverdueMarked = false,
    [property: Id(16)] string? AssigneeId = null,
    [property: Id(17)] string? AssigneeName = null,
    [property: Id(18)] string? ReceivingAgency = null,
    [property: Id(19)] DateTimeOffset? HandedOverAt = null)
{
    /// <summary>The national status code (TrangThaiHoSo), 1 to 10.</summary>
    public int StatusCode => (int)Status;
}

/// <summary>A citizen's online submission or a clerk's registration at the counter.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.SubmitDossier")]
public sealed record SubmitDossier(
    [property: Id(0)] string ProcedureCode,
    [property: Id(1)] string Agency,
    [property: Id(2)] string ApplicantId,
    [property: Id(3)] string ApplicantName,
    [property: Id(4)] string Channel,
    [property: Id(5)] Actor Actor,
    [property: Id(6)] string? IdempotencyKey,
    [property: Id(7)] IReadOnlyList<AttachedDocument> Documents,
    [property: Id(8)] string AttachmentOwner,
    [property: Id(9)] string? ApplicantLookupId = null,
    [property: Id(10)] string? ReceivingAgency = null);

/// <summary>One step asked of a dossier, against the version the caller saw.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierCommand")]
public sealed record DossierCommand(
    [property: Id(0)] DossierAction Action,
    [property: Id(1)] int ExpectedVersion,
    [property: Id(2)] Actor Actor,
    [property: Id(3)] string? Reason,
    [property: Id(4)] DateTimeOffset? NewDueAt = null,
    [property: Id(5)] IReadOnlyList<AttachedDocument>? Documents = null,
    [property: Id(6)] string? AttachmentOwner = null,
    [property: Id(7)] Official? Assignee = null,
    [property: Id(8)] string? IdempotencyKey = null)
{
    /// <summary>Actions the law asks a written reason for: it is printed on the form the applicant receives.</summary>
    public static bool NeedsReason(DossierAction action) =>
        action is DossierAction.Refuse or DossierAction.RequestSupplement or DossierAction.StopProcessing or DossierAction.ExtendDeadline;
}

/// <summary>Why a dossier refused a command, in the domain's words; the API says each in HTTP once.</summary>
public enum RefusalKind
{
    /// <summary>The command breaks a rule of the dossier or its procedure: a field is missing or wrong.</summary>
    Invalid,

    /// <summary>No dossier has the id.</summary>
    NotFound,

    /// <summary>The dossier, as it stands now, does not allow what was asked.</summary>
    Conflict,

    /// <summary>Something the dossier needs is missing for now (a calendar, the day's numbers); asking again later may pass.</summary>
    Unavailable,
}

/// <summary>
/// A dossier's refusal: its kind, the field or rule at fault and what the rule says. A conflict carries the dossier as
/// it stands (<see cref="Current"/>), so the caller sees what it now is; a refusal that passes with time may say when
/// to ask again (<see cref="RetryAfter"/>).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierRefusal")]
public sealed record DossierRefusal(
    [property: Id(0)] RefusalKind Kind,
    [property: Id(1)] string Field,
    [property: Id(2)] string Rule,
    [property: Id(3)] DossierSnapshot? Current = null,
    [property: Id(4)] TimeSpan? RetryAfter = null);

/// <summary>The outcome of a command: the dossier, or its <see cref="DossierRefusal"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierResult")]
public sealed record DossierResult([property: Id(0)] DossierSnapshot? Dossier, [property: Id(1)] DossierRefusal? Refusal)
{
    public static DossierResult Ok(DossierSnapshot dossier) => new(dossier, null);

    public static DossierResult Invalid(string field, string rule) => new(null, new DossierRefusal(RefusalKind.Invalid, field, rule));

    public static DossierResult NotFound(string field, string rule) => new(null, new DossierRefusal(RefusalKind.NotFound, field, rule));

    public static DossierResult Conflict(string field, string rule, DossierSnapshot? current = null) =>
        new(null, new DossierRefusal(RefusalKind.Conflict, field, rule, current));

    public static DossierResult Unavailable(string field, string rule, TimeSpan? retryAfter = null) =>
        new(null, new DossierRefusal(RefusalKind.Unavailable, field, rule, RetryAfter: retryAfter));
}

/// <summary>A dossier as the read model holds it; what lists, worklists and authorization checks read.</summary>
/// <param name="AssigneeId">The official a head assigned the dossier to (their user id), null until assigned.</param>
/// <param name="AssigneeName">That official's name as the realm's directory gave it when they were assigned.</param>
/// <param name="ReceivingAgency">The agency whose counter (or portal page) received the dossier; the competent one, <see cref="Agency"/>, unless it was received elsewhere in the province.</param>
/// <param name="HandedOverAt">When the receiving agency handed a dossier received for another over to it; null until then, and for every other dossier.</param>
public sealed record DossierSummary(
    Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName,
    string Channel, DossierStatus Status, int Version, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline,
    string? AssigneeId = null, string? AssigneeName = null, string? ReceivingAgency = null, DateTimeOffset? HandedOverAt = null)
{
    /// <summary>The national status code (TrangThaiHoSo), 1 to 10.</summary>
    public int StatusCode => (int)Status;

    /// <summary>Received at another agency's counter for <see cref="Agency"/>.</summary>
    public bool Transferred => ReceivingAgency is not null && ReceivingAgency != Agency;

    /// <summary>Received elsewhere and not yet handed over: the competent agency cannot start on it.</summary>
    public bool AwaitsHandover => Transferred && HandedOverAt is null;
}

/// <summary>What the city reads per agency and period: the competent agency's figures, and what it received at its counter for others.</summary>
/// <param name="Received">Dossiers this agency is competent for (to resolve), wherever they were received; <see cref="OnTime"/> and <see cref="Late"/> count how it resolved them.</param>
/// <param name="ReceivedHere">Dossiers received at this agency (its counter, or online to it), its own and those for other agencies.</param>
/// <param name="ReceivedForOthers">Of <see cref="ReceivedHere"/>, those another agency is competent for.</param>
/// <param name="TransferredIn">Of <see cref="Received"/>, those received at another agency's counter.</param>
public sealed record AgencyStatistics(
    string Agency, long Received, long OnTime, long Late, double OnlineShare, double? AverageProcessingHours, long ReceivedHere = 0, long ReceivedForOthers = 0,
    long TransferredIn = 0);
