using System.Security.Cryptography;
using System.Text;
using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>An interlinked dossier as its events leave it; the parts come from the group version it was submitted under.</summary>
internal static class InterlinkedFold
{
    public static InterlinkedSnapshot Apply(InterlinkedSnapshot? dossier, InterlinkedEvent entry, IProcedureCatalogue catalogue) => (dossier, entry.Payload) switch
    {
        (null, InterlinkedSubmitted submitted) => Started(entry, submitted, catalogue),
        (null, _) => throw new InvalidOperationException($"Interlinked dossier {entry.ParentId} starts with a submission."),
        ({ } running, PartStarted started) => WithPart(running, entry, started.Key, part => part with
        {
            State = PartState.Started,
            Reference = started.Reference,
            StartedAt = entry.RecordedAt,
            DueAt = started.DueAt,
            WaitingFor = null,
        }),
        ({ } running, PartApproved approved) => WithPart(running, entry, approved.Key, part => part with
        {
            State = PartState.Approved,
            DocumentNumber = approved.DocumentNumber,
            Summary = approved.Summary,
            DecidedAt = entry.RecordedAt,
            WaitingFor = null,
        }) with
        {
            RegistrationNumber = approved.RegistrationNumber ?? running.RegistrationNumber,
            SubjectPersonalId = approved.SubjectPersonalId ?? running.SubjectPersonalId,
        },
        ({ } running, PartRefused refused) => WithPart(running, entry, refused.Key, part => part with
        {
            State = PartState.Refused,
            Reason = refused.Reason,
            DecidedAt = entry.RecordedAt,
            WaitingFor = null,
        }),
        ({ } running, PartResubmitted resubmitted) => WithPart(running, entry, resubmitted.Key, part => part with
        {
            Attempt = resubmitted.Attempt,
            PartId = resubmitted.PartId,
            State = PartState.Planned,
            Reference = null,
            StartedAt = null,
            DueAt = null,
            DocumentNumber = null,
            Summary = null,
            DecidedAt = null,
            WaitingFor = null,
            Correction = resubmitted.Correction,
            Reason = part.Reason,
        }),
        ({ } running, InterlinkedCompleted) => running with { Version = entry.Version, Completed = true },
        _ => throw new InvalidOperationException($"Interlinked dossier {entry.ParentId}: unknown event at version {entry.Version}."),
    };

    private static InterlinkedSnapshot Started(InterlinkedEvent entry, InterlinkedSubmitted submitted, IProcedureCatalogue catalogue)
    {
        var version = catalogue.Find(submitted.GroupCode)?.Versions.SingleOrDefault(candidate => candidate.Version == submitted.GroupVersion)
            ?? throw new InvalidOperationException($"Interlinked dossier {entry.ParentId}: group {submitted.GroupCode} v{submitted.GroupVersion} is not in the catalogue.");
        var parts = version.Parts!.Select(part => new PartSnapshot(
            part.Key, part.Name, part.ProcedureCode, part.DecidedBy, 1, PartIds.Of(entry.ParentId, part.Key, 1), PartState.Planned, After: part.After)).ToList();
        return new InterlinkedSnapshot(entry.ParentId, submitted.Code, submitted.GroupCode, submitted.GroupVersion, submitted.Agency, submitted.ApplicantId,
            submitted.ApplicantName, submitted.Channel, entry.Version, entry.RecordedAt, submitted.DueAt, submitted.Declaration, parts);
    }

    private static InterlinkedSnapshot WithPart(InterlinkedSnapshot dossier, InterlinkedEvent entry, string key, Func<PartSnapshot, PartSnapshot> change) =>
        dossier with
        {
            Version = entry.Version,
            Parts = [.. dossier.Parts.Select(part => part.Key == key ? change(part) : part)],
        };
}

/// <summary>
/// Each part's id: derived from the interlinked dossier, the part and the attempt, so a step repeated after a crash
/// asks for the same part again (the same dossier, the same external case) instead of a second one.
/// </summary>
internal static class PartIds
{
    public static Guid Of(Guid parentId, string key, int attempt) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"interlinked\u001f{parentId:D}\u001f{key}\u001f{attempt}")).AsSpan(0, 16));

    /// <summary>The Idempotency-Key a commune part's dossier is submitted under: its dossier id follows from it and the applicant.</summary>
    public static string SubmissionKey(Guid partId) => $"interlinked-part-{partId:N}";
}

/// <summary>
/// The national status (TrangThaiHoSo) an interlinked dossier reports, from its parts:
/// <list type="number">
/// <item>every part has its result: 10, returned (the results go back together, electronically);</item>
/// <item>the civil-status part refused at reception (3), stopped (8) or withdrawn (7): that status, and the whole ends;</item>
/// <item>an external part refused: 5, supplement requested, until the applicant corrects and resubmits it;</item>
/// <item>otherwise the civil-status part's own status while it is 1, 2, 5 or 6 (newly registered, received, waiting on the
/// applicant), and 4, processing, from then on.</item>
/// </list>
/// </summary>
internal static class InterlinkedStatus
{
    public static DossierStatus Of(InterlinkedSnapshot dossier, DossierStatus? communePartStatus)
    {
        if (dossier.Completed)
        {
            return DossierStatus.ResultReturned;
        }

        if (communePartStatus is DossierStatus.Refused or DossierStatus.ProcessingStopped or DossierStatus.Withdrawn)
        {
            return communePartStatus.Value;
        }

        if (dossier.Parts.Skip(1).Any(part => part.State == PartState.Refused))
        {
            return DossierStatus.SupplementRequested;
        }

        return communePartStatus is DossierStatus.NewlyRegistered or DossierStatus.Received or DossierStatus.SupplementRequested or DossierStatus.PaymentRequested
            ? communePartStatus.Value
            : DossierStatus.Processing;
    }

    /// <summary>The whole has ended without all its results: its civil-status part was refused, stopped or withdrawn.</summary>
    public static bool Ended(DossierStatus? communePartStatus) =>
        communePartStatus is DossierStatus.Refused or DossierStatus.ProcessingStopped or DossierStatus.Withdrawn;
}
