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
    [property: Id(17)] string? AssigneeName = null)
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
    [property: Id(9)] string? ApplicantLookupId = null);

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

/// <summary>
/// The outcome of a command: the dossier, or a failure with its HTTP status and the field or rule at fault; a
/// conflict also carries the dossier as it stands (<see cref="Current"/>), so the caller sees what it now is.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierResult")]
public sealed record DossierResult(
    [property: Id(0)] DossierSnapshot? Dossier,
    [property: Id(1)] int FailureStatus,
    [property: Id(2)] string? Field,
    [property: Id(3)] string? Failure,
    [property: Id(4)] DossierSnapshot? Current = null,
    [property: Id(5)] TimeSpan? RetryAfter = null)
{
    public static DossierResult Ok(DossierSnapshot dossier) => new(dossier, 0, null, null);

    public static DossierResult Fail(int status, string field, string failure) => new(null, status, field, failure);

    /// <summary>A 409: the dossier, as it stands now, does not allow what was asked.</summary>
    public static DossierResult Conflict(string field, string failure, DossierSnapshot current) => new(null, 409, field, failure, current);
}

/// <summary>A dossier as the read model holds it; what lists, worklists and authorization checks read.</summary>
/// <param name="AssigneeId">The official a head assigned the dossier to (their user id), null until assigned.</param>
/// <param name="AssigneeName">That official's name as the realm's directory gave it when they were assigned.</param>
public sealed record DossierSummary(
    Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName,
    string Channel, DossierStatus Status, int Version, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline,
    string? AssigneeId = null, string? AssigneeName = null)
{
    /// <summary>The national status code (TrangThaiHoSo), 1 to 10.</summary>
    public int StatusCode => (int)Status;
}

/// <summary>What the city reads per agency and period.</summary>
public sealed record AgencyStatistics(string Agency, long Received, long OnTime, long Late, double OnlineShare, double? AverageProcessingHours);
