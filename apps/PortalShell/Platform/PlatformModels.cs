namespace HanoiEgov.PortalShell.Platform;

// The platform API's answers as the portals read them (camelCase JSON; enums as names).

public sealed record ProcessingTime(bool SameDay, TimeOnly? CutOff, int? WorkingDays);

public sealed record Fee(string Name, long Counter, long Online);

public sealed record RequiredDocument(string Code, string Name, bool Required);

public sealed record ProcessingStep(string Name, int? WorkingDays, int? WorkingHours);

/// <summary>One part of an interlinked procedure: the procedure it is and who decides it.</summary>
public sealed record ProcedurePart(string Key, string Name, string ProcedureCode, string DecidedBy);

public sealed record ProcedureVersion(
    int Version, DateOnly EffectiveFrom, string ServiceLevel, ProcessingTime Processing, IReadOnlyList<Fee> Fees,
    IReadOnlyList<RequiredDocument> RequiredDocuments, IReadOnlyList<ProcessingStep> Steps, IReadOnlyList<string> LegalBasis,
    IReadOnlyList<ProcedurePart>? Parts = null)
{
    /// <summary>The procedure of the first part of an interlinked version (its civil-status part), or null for an ordinary one.</summary>
    public string? FirstPart => Parts is [var first, ..] ? first.ProcedureCode : null;

    public long FeeFor(string channel) => Fees.Sum(fee => channel == "online" ? fee.Online : fee.Counter);
}

/// <summary>A procedure with the version in force or, retired (<paramref name="RetiredFrom"/>), the version last in force and what replaced it.</summary>
public sealed record Procedure(
    string Code, string Name, string NameEn, string Field, string AgencyLevel, ProcedureVersion Version, DateOnly? RetiredFrom = null, string? ReplacedBy = null);

public sealed record DueDate(string Procedure, int Version, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, long Fee);

public sealed record Agency(string Code, string Name, string NameEn, string Level, string? ParentCode);

public sealed record Dossier(
    Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName,
    string Channel, int StatusCode, int Version, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, string? AssigneeId = null, string? AssigneeName = null,
    string? ReceivingAgency = null)
{
    /// <summary>Received at another agency's counter for <see cref="Agency"/>, which decides it.</summary>
    public bool Transferred => ReceivingAgency is not null && ReceivingAgency != Agency;

    /// <summary>Newly registered, received or processing: the deadline clock runs, so near-due and overdue apply.</summary>
    public bool ClockRuns => StatusCode is 1 or 2 or 4;
}

public sealed record Actor(string UserId, string Role, string? Agency);

public sealed record HistoryEntry(int Version, string Action, string Status, Actor Actor, string Channel, string? Reason, DateTimeOffset RecordedAt, string Hash);

public sealed record Attachment(Guid Id, string? DocumentCode, string FileName, string ContentType, long Size, string Sha256);

public sealed record Signing(string Status, int Attempt, string? TransactionId, string? Reason, DateTimeOffset? SignedAt, int? RecordedInVersion);

public sealed record SignatureCheck(bool IsValid, string? Problem, string? Reason, string? Signer, string? SignerSerialNumber, DateTimeOffset? SigningTime, IReadOnlyList<string> Chain);

public sealed record Result(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, Signing Signing, SignatureCheck? Verification);

public sealed record FeeLine(string Code, string Description, long AmountVnd);

public sealed record Payment(
    string OrderId, string PaymentId, long AmountVnd, IReadOnlyList<FeeLine> Lines, Uri RedirectUrl, DateTimeOffset ExpiresAt, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, int? ConfirmedInVersion);

public sealed record AvailableAction(string Action, bool NeedsReason, bool NeedsNewDueAt, bool TakesDocuments, bool NeedsAssignee = false);

/// <summary>An official of an agency, from the realm's directory.</summary>
public sealed record Official(string Id, string Username, string Name, string Agency, IReadOnlyList<string> Roles);

public sealed record AvailableActions(int Version, int Status, IReadOnlyList<AvailableAction> Actions, bool CanPay, IReadOnlyList<string> Forms)
{
    public bool Allows(string action) => Actions.Any(available => available.Action == action);
}

public sealed record DossierLookup(string Code, string ProcedureCode, int Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, string Agency);
