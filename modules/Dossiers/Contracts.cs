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
}

/// <summary>Who did something to a dossier, in which role and for which agency.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.Actor")]
public sealed record Actor([property: Id(0)] string UserId, [property: Id(1)] string Role, [property: Id(2)] string? Agency);

/// <summary>What the chain verifier found wrong with one stored event.</summary>
public sealed record ChainProblem(int Version, string Problem);

/// <summary>The verifier's verdict on one dossier's stored history.</summary>
public sealed record ChainReport(Guid DossierId, int EventCount, bool Intact, IReadOnlyList<ChainProblem> Problems);

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
    [property: Id(15)] bool OverdueMarked = false)
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
    [property: Id(8)] string AttachmentOwner);

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
    [property: Id(6)] string? AttachmentOwner = null)
{
    /// <summary>Actions the law asks a written reason for: it is printed on the form the applicant receives.</summary>
    public static bool NeedsReason(DossierAction action) =>
        action is DossierAction.Refuse or DossierAction.RequestSupplement or DossierAction.StopProcessing or DossierAction.ExtendDeadline;
}

/// <summary>The outcome of a command: the dossier, or a failure with its HTTP status and the field or rule at fault.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DossierResult")]
public sealed record DossierResult(
    [property: Id(0)] DossierSnapshot? Dossier,
    [property: Id(1)] int FailureStatus,
    [property: Id(2)] string? Field,
    [property: Id(3)] string? Failure)
{
    public static DossierResult Ok(DossierSnapshot dossier) => new(dossier, 0, null, null);

    public static DossierResult Fail(int status, string field, string failure) => new(null, status, field, failure);
}

/// <summary>A dossier as the read model holds it; what lists, worklists and authorization checks read.</summary>
public sealed record DossierSummary(
    Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName,
    string Channel, DossierStatus Status, int Version, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline)
{
    /// <summary>The national status code (TrangThaiHoSo), 1 to 10.</summary>
    public int StatusCode => (int)Status;
}

/// <summary>What the city reads per agency and period.</summary>
public sealed record AgencyStatistics(string Agency, long Received, long OnTime, long Late, double OnlineShare, double? AverageProcessingHours);
