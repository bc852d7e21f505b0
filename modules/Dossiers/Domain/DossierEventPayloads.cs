using System.Text.Json.Serialization;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>
/// What one kind of event records beyond the envelope every event has (who, when, channel, reason, status): one
/// record per <see cref="DossierAction"/>, stored as the event's data by <see cref="DossierEventJson"/>.
/// </summary>
internal abstract record DossierEventPayload([property: JsonIgnore] DossierAction Action)
{
    /// <summary>The due time the event sets, if it sets one: a submission's, an extension's, or the clock resumed after a pause.</summary>
    public DateTimeOffset? SetsDueAt() => this switch
    {
        DossierSubmitted submitted => submitted.DueAt,
        DossierRegisteredAtCounter registered => registered.DueAt,
        DeadlineExtended extended => extended.DueAt,
        SupplementProvided provided => provided.DueAt,
        PaymentConfirmed confirmed => confirmed.DueAt,
        DossierWithdrawn withdrawn => withdrawn.DueAt,
        _ => null,
    };

    /// <summary>The payload of a step whose only fact is the due time it resumes the clock with (none when it resumes nothing).</summary>
    public static DossierEventPayload Of(DossierAction action, DateTimeOffset? resumedDueAt) => action switch
    {
        DossierAction.Accept => new DossierAccepted(),
        DossierAction.Refuse => new DossierRefused(),
        DossierAction.StartProcessing => new ProcessingStarted(),
        DossierAction.RequestSupplement => new SupplementRequested(),
        DossierAction.ProvideSupplement => new SupplementProvided(resumedDueAt ?? throw Resumes(action)),
        DossierAction.RequestPayment => new PaymentRequested(),
        DossierAction.ConfirmPayment => new PaymentConfirmed(resumedDueAt ?? throw Resumes(action)),
        DossierAction.StopProcessing => new ProcessingStopped(),
        DossierAction.Approve => new DossierApproved(),
        DossierAction.ReturnResult => new ResultReturned(),
        DossierAction.Withdraw => new DossierWithdrawn(resumedDueAt),
        DossierAction.MarkNearDue => new MarkedNearDue(),
        DossierAction.MarkOverdue => new MarkedOverdue(),
        DossierAction.SignResult => new ResultSigned(),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "This step records facts of its own; build its payload."),
    };

    private static InvalidOperationException Resumes(DossierAction action) => new($"'{action}' ends a pause: it records the due time the clock resumes with.");
}

/// <summary>A citizen's online submission: the dossier's code, procedure, agency, applicant and first due time.</summary>
internal sealed record DossierSubmitted(
    string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName, DateTimeOffset DueAt)
    : DossierEventPayload(DossierAction.SubmitOnline);

/// <summary>A clerk's registration at the counter, and whether the applicant's details came from the population registry.</summary>
/// <param name="Agency">The competent agency: the one that decides.</param>
/// <param name="ApplicantLookupId">The population-registry lookup the clerk made; null when the details were typed by hand.</param>
/// <param name="ReceivingAgency">
/// The clerk's agency when it received the dossier for another (Decree 118/2025); null when it is the competent agency
/// itself, so such a registration is written exactly as before there was reception anywhere.
/// </param>
internal sealed record DossierRegisteredAtCounter(
    string Code, string ProcedureCode, int ProcedureVersion, string Agency, string ApplicantId, string ApplicantName, DateTimeOffset DueAt,
    bool ApplicantVerified, string? ApplicantLookupId = null, string? ReceivingAgency = null)
    : DossierEventPayload(DossierAction.RegisterAtCounter);

internal sealed record DossierAccepted() : DossierEventPayload(DossierAction.Accept);

internal sealed record DossierRefused() : DossierEventPayload(DossierAction.Refuse);

internal sealed record ProcessingStarted() : DossierEventPayload(DossierAction.StartProcessing);

internal sealed record SupplementRequested() : DossierEventPayload(DossierAction.RequestSupplement);

/// <param name="DueAt">The due time the clock resumes with, the pause not counted.</param>
internal sealed record SupplementProvided(DateTimeOffset DueAt) : DossierEventPayload(DossierAction.ProvideSupplement);

internal sealed record PaymentRequested() : DossierEventPayload(DossierAction.RequestPayment);

/// <param name="DueAt">The due time the clock resumes with, the pause not counted.</param>
internal sealed record PaymentConfirmed(DateTimeOffset DueAt) : DossierEventPayload(DossierAction.ConfirmPayment);

internal sealed record ProcessingStopped() : DossierEventPayload(DossierAction.StopProcessing);

internal sealed record DossierApproved() : DossierEventPayload(DossierAction.Approve);

internal sealed record ResultReturned() : DossierEventPayload(DossierAction.ReturnResult);

/// <param name="DueAt">When withdrawn during a pause: the due time the pause ended with; otherwise null.</param>
internal sealed record DossierWithdrawn(DateTimeOffset? DueAt = null) : DossierEventPayload(DossierAction.Withdraw);

internal sealed record MarkedNearDue() : DossierEventPayload(DossierAction.MarkNearDue);

internal sealed record MarkedOverdue() : DossierEventPayload(DossierAction.MarkOverdue);

/// <summary>A head moved the due date (form 04 prints both).</summary>
internal sealed record DeadlineExtended(DateTimeOffset DueAt, DateTimeOffset PreviousDueAt) : DossierEventPayload(DossierAction.ExtendDeadline);

/// <summary>A result document was signed; the event's reason names it and its SHA-256.</summary>
internal sealed record ResultSigned() : DossierEventPayload(DossierAction.SignResult);

/// <summary>A head assigned the dossier to an official, by user id and the name the realm gave.</summary>
internal sealed record DossierAssigned(string AssigneeId, string AssigneeName) : DossierEventPayload(DossierAction.Assign);

/// <summary>The receiving agency handed a dossier it received for another over to the competent one (who and when: the event's envelope).</summary>
internal sealed record DossierHandedOver(string FromAgency, string ToAgency) : DossierEventPayload(DossierAction.HandOver);
