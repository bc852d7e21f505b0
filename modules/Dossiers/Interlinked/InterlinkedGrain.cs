using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>
/// The process manager of one interlinked dossier: the single writer of its history. It creates the civil-status
/// part as a dossier of the receiving commune, then, once that part is decided, sends each other part to the system
/// that decides it, follows them until every part has a result, and closes the whole. Every step it takes is asked
/// under the part's id, so a step repeated after a crash finds the part it created instead of creating another.
/// </summary>
[Alias("HanoiEgov.Dossiers.IInterlinkedGrain")]
internal interface IInterlinkedGrain : IGrainWithGuidKey
{
    [Alias("Submit")]
    Task<InterlinkedResult> SubmitAsync(SubmitInterlinked command);

    /// <summary>Looks at every open part and takes what step is owed; idempotent.</summary>
    [Alias("Advance")]
    Task<InterlinkedResult> AdvanceAsync();

    [Alias("Resubmit")]
    Task<InterlinkedResult> ResubmitAsync(ResubmitPart command);
}

internal sealed partial class InterlinkedGrain(
    InterlinkedStore store,
    DossierQueries dossiers,
    DossierEventStore dossierEvents,
    IProcedureCatalogue catalogue,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    InterlinkedOptions options,
    IServiceProvider services,
    ILogger<InterlinkedGrain> logger) : Grain, IInterlinkedGrain
{
    /// <summary>The process manager as the actor of the steps it records.</summary>
    public static readonly Actor Actor = new("system", "interlinked-process-manager", null);

    private InterlinkedSnapshot? dossier;
    private DossierStatus? communePartStatus;
    private byte[] head = InterlinkedEvent.Genesis;
    private bool loaded;

    public async Task<InterlinkedResult> SubmitAsync(SubmitInterlinked command)
    {
        await LoadAsync();
        if (dossier is not null)
        {
            return Answer();
        }

        var now = clock.GetUtcNow();
        var group = catalogue.Find(command.GroupCode);
        if (group?.VersionOn(VietnamTime.DayOf(now)) is not { IsInterlinked: true } version)
        {
            return Refused(RefusalKind.Invalid, "procedureCode", group?.NotInForceReason(VietnamTime.DayOf(now)) ?? $"No interlinked procedure '{command.GroupCode}' is in force today.");
        }

        DateTimeOffset due;
        try
        {
            due = deadlines.DueAt(version.Processing, now);
        }
        catch (CalendarYearMissingException noCalendar)
        {
            return Refused(RefusalKind.Unavailable, "calendar", noCalendar.Message);
        }

        // The civil-status part first: it takes the documents, and what refuses it (a document missing or not the
        // caller's) refuses the whole before anything of it is recorded.
        var id = this.GetPrimaryKey();
        var commune = version.Parts![0];
        var partId = PartIds.Of(id, commune.Key, 1);
        var key = PartIds.SubmissionKey(partId);
        var part = await GrainFactory.GetGrain<IDossierGrain>(DossierIds.OfSubmission(command.ApplicantId, key)).SubmitAsync(new SubmitDossier(
            commune.ProcedureCode, command.Agency, command.ApplicantId, command.ApplicantName, command.Channel, command.Actor, key, command.Documents,
            command.AttachmentOwner));
        if (part.Dossier is not { } partDossier)
        {
            return InterlinkedResult.Failed(part.Refusal! with { Current = null });
        }

        try
        {
            await store.StartAsync(
                id,
                command.Agency,
                now,
                code =>
                {
                    var submitted = InterlinkedEvent.Seal(id, 1, new InterlinkedSubmitted(code, command.GroupCode, version.Version, command.Agency, command.ApplicantId,
                        command.ApplicantName, command.Channel, due, command.Declaration), command.Actor, now, InterlinkedEvent.Genesis);
                    var started = InterlinkedEvent.Seal(id, 2, new PartStarted(commune.Key, 1, partId, partDossier.Id.ToString("D"), partDossier.DueAt),
                        Actor, now, submitted.Hash);
                    return [submitted, started];
                },
                events =>
                {
                    var snapshot = events.Aggregate((InterlinkedSnapshot?)null, (current, entry) => InterlinkedFold.Apply(current, entry, catalogue))!;
                    return (snapshot, snapshot.Status(partDossier.Status), partDossier.Id, now + options.PollEvery);
                },
                CancellationToken.None);
        }
        catch (InterlinkedCodesExhaustedException exhausted)
        {
            return Refused(RefusalKind.Unavailable, "code", exhausted.Message);
        }

        loaded = false;
        await LoadAsync();
        return Answer();
    }

    public async Task<InterlinkedResult> ResubmitAsync(ResubmitPart command)
    {
        await LoadAsync();
        if (dossier is null)
        {
            return Refused(RefusalKind.NotFound, "id", "No interlinked dossier has this id.");
        }

        if (dossier.Parts.FirstOrDefault(part => part.Key == command.Key) is not { } refused || refused == dossier.CommunePart)
        {
            return Refused(RefusalKind.Invalid, "key", $"Must be one of the parts another system decides: {string.Join(", ", dossier.Parts.Skip(1).Select(part => part.Key))}.");
        }

        if (refused.State != PartState.Refused)
        {
            return Refused(RefusalKind.Conflict, "key", $"Part '{command.Key}' is not refused; only a refused part is corrected and sent again.");
        }

        var attempt = refused.Attempt + 1;
        await RecordAsync([new PartResubmitted(command.Key, attempt, PartIds.Of(dossier.Id, command.Key, attempt), command.Correction)], command.Actor);
        return await AdvanceAsync();
    }

    public async Task<InterlinkedResult> AdvanceAsync()
    {
        await LoadAsync();
        if (dossier is null)
        {
            return Refused(RefusalKind.NotFound, "id", "No interlinked dossier has this id.");
        }

        if (dossier.Completed)
        {
            return Answer();
        }

        var waiting = new Dictionary<string, string>();
        await FollowCommunePartAsync(waiting);
        if (!InterlinkedStatus.Ended(communePartStatus))
        {
            foreach (var part in dossier.Parts.Skip(1))
            {
                var current = dossier.Part(part.Key);
                if (current.State == PartState.Planned && current.After(dossier))
                {
                    await StartExternalAsync(current, waiting);
                }
                else if (current.State == PartState.Started)
                {
                    await FollowExternalAsync(current, waiting);
                }
            }
        }

        if (!dossier.Completed && dossier.Parts.All(part => part.State == PartState.Approved))
        {
            await RecordAsync([new InterlinkedCompleted()], Actor);
        }

        // What waits on a system is said on the parent's page, without an event: nothing happened to the dossier.
        dossier = dossier with { Parts = [.. dossier.Parts.Select(part => part with { WaitingFor = waiting.GetValueOrDefault(part.Key) })] };
        await store.SetProgressAsync(dossier, dossier.Status(communePartStatus), NextCheck(dossier), CancellationToken.None);
        return Answer();
    }

    /// <summary>The civil-status part is decided when its dossier is processed and its result signed; refused, stopped or withdrawn ends the whole.</summary>
    private async Task FollowCommunePartAsync(Dictionary<string, string> waiting)
    {
        var part = dossier!.CommunePart;
        var partDossierId = Guid.Parse(part.Reference!);
        var summary = await dossiers.FindAsync(partDossierId, CancellationToken.None);
        communePartStatus = summary?.Status;
        if (part.State != PartState.Started || summary is null)
        {
            return;
        }

        if (summary.Status is DossierStatus.Refused or DossierStatus.ProcessingStopped or DossierStatus.Withdrawn)
        {
            var history = await dossierEvents.ReadAsync(partDossierId, CancellationToken.None);
            await RecordAsync([new PartRefused(part.Key, part.Attempt, history[^1].Reason ?? "Hồ sơ bị từ chối.")], Actor);
            return;
        }

        if (summary.Status is not (DossierStatus.Processed or DossierStatus.ResultReturned)
            || !(await dossierEvents.ReadAsync(partDossierId, CancellationToken.None)).Any(entry => entry.Action == DossierAction.SignResult))
        {
            return;
        }

        // The register's number (the commune's book of the year) is what the other parts quote.
        var book = dossier.Declaration.Birth is null ? "khai-tu" : "khai-sinh";
        var registrationNumber = await store.RegisterNumberAsync(part.PartId, dossier.Agency, book, VietnamTime.DayOf(clock.GetUtcNow()).Year, CancellationToken.None);
        if (dossier.Declaration.Birth is { } birth)
        {
            if (services.GetService<IPopulationRegistry>() is not { } registry)
            {
                waiting[part.Key] = Systems.NotConfigured(Systems.PopulationRegistry);
                return;
            }

            var issued = await registry.RegisterBirthAsync(
                new BirthRecord(part.PartId.ToString("D"), birth.ChildName, birth.DateOfBirth, birth.Gender, birth.PlaceOfBirth, birth.Mother.PersonalId,
                    birth.Father?.PersonalId, registrationNumber, birth.Address, dossier.Code),
                CancellationToken.None);
            if (!issued.Succeeded)
            {
                if (issued.Failure.IsUnavailable)
                {
                    waiting[part.Key] = Systems.PopulationRegistry;
                    return;
                }

                await RecordAsync([new PartRefused(part.Key, part.Attempt, $"Cơ sở dữ liệu quốc gia về dân cư không cấp số định danh cá nhân: {issued.Failure.Message}")], Actor);
                return;
            }

            await RecordAsync(
                [new PartApproved(part.Key, part.Attempt, registrationNumber, $"Giấy khai sinh số {registrationNumber} (hồ sơ {summary.Code}); số định danh cá nhân {issued.Value.PersonalId}.",
                    registrationNumber, issued.Value.PersonalId)],
                Actor);
            return;
        }

        var deceased = dossier.Declaration.Death!.Deceased;
        await RecordAsync(
            [new PartApproved(part.Key, part.Attempt, registrationNumber, $"Trích lục khai tử số {registrationNumber} (hồ sơ {summary.Code}).", registrationNumber, deceased.PersonalId)],
            Actor);
    }

    private async Task StartExternalAsync(PartSnapshot part, Dictionary<string, string> waiting)
    {
        var started = await CallAsync(part, waiting, Filing(part));
        if (started is null)
        {
            return;
        }

        var version = catalogue.Find(dossier!.GroupCode)!.Versions.Single(candidate => candidate.Version == dossier.GroupVersion);
        var due = deadlines.DueAt(version.Parts!.Single(candidate => candidate.Key == part.Key).Processing, clock.GetUtcNow());
        await RecordAsync([new PartStarted(part.Key, part.Attempt, part.PartId, started.Reference, due)], Actor);
        await DecidedAsync(dossier.Part(part.Key), started);
    }

    private async Task FollowExternalAsync(PartSnapshot part, Dictionary<string, string> waiting)
    {
        var found = await CallAsync(part, waiting, Following(part));
        if (found is not null)
        {
            await DecidedAsync(part, found);
        }
    }

    private async Task DecidedAsync(PartSnapshot part, ExternalCase found)
    {
        switch (found.State)
        {
            case ExternalCaseState.Approved:
                await RecordAsync([new PartApproved(part.Key, part.Attempt, found.Decision?.DocumentNumber ?? found.Reference, found.Decision?.Summary ?? "")], Actor);
                break;
            case ExternalCaseState.Refused:
                await RecordAsync([new PartRefused(part.Key, part.Attempt, found.Reason ?? "Hồ sơ bị từ chối.")], Actor);
                break;
        }
    }

    /// <summary>
    /// Calls the system that decides <paramref name="part"/> (<paramref name="call"/> is null while no provider of it is
    /// configured). While it cannot be reached the part waits (it is named in <paramref name="waiting"/> and asked again
    /// at the next look); a request it refuses as malformed refuses the part.
    /// </summary>
    private async Task<ExternalCase?> CallAsync(PartSnapshot part, Dictionary<string, string> waiting, Func<Task<VendorResult<ExternalCase>>>? call)
    {
        var system = Systems.Of(part.DecidedBy);
        if (call is null)
        {
            waiting[part.Key] = Systems.NotConfigured(system);
            return null;
        }

        var result = await call();
        if (result.Succeeded)
        {
            return result.Value;
        }

        if (result.Failure.IsUnavailable)
        {
            LogWaiting(dossier!.Id, part.Key, system, result.Failure.Message);
            waiting[part.Key] = system;
            return null;
        }

        await RecordAsync([new PartRefused(part.Key, part.Attempt, $"{system} không nhận yêu cầu: {result.Failure.Message}")], Actor);
        return null;
    }

    /// <summary>The request that files <paramref name="part"/>, from what the declaration and the civil-status part gave: nothing is typed twice.</summary>
    private Func<Task<VendorResult<ExternalCase>>>? Filing(PartSnapshot part)
    {
        var key = part.PartId.ToString("D");
        var number = dossier!.RegistrationNumber!;
        var subject = dossier.SubjectPersonalId!;
        var none = CancellationToken.None;
        if (dossier.Declaration.Birth is { } birth)
        {
            var sent = dossier.SentWith(part);
            var residence = dossier.SentWith(dossier.Part(PartKeys.Residence));
            return part.Key switch
            {
                PartKeys.Residence => Provided<IResidenceRegistry>(registry => registry.RegisterPermanentResidenceAsync(
                    new ResidenceRegistration(key, subject, birth.ChildName, birth.DateOfBirth, sent.HouseholderPersonalId!, sent.Address!, dossier.Agency, number), none)),
                PartKeys.HealthInsurance => Provided<ISocialInsurance>(insurance => insurance.IssueChildHealthInsuranceCardAsync(
                    new ChildHealthInsuranceCard(key, subject, birth.ChildName, birth.DateOfBirth, birth.Gender, sent.Address!, number), none)),
                PartKeys.IdentityCard => Provided<IIdentityCardRegistry>(cards => cards.IssueChildIdentityCardAsync(
                    new ChildIdentityCard(key, subject, birth.ChildName, birth.DateOfBirth, birth.Gender, number, dossier.ApplicantId, residence.Address!), none)),
                _ => throw new InvalidOperationException($"Interlinked dossier {dossier.Id}: no request for part '{part.Key}' of a birth."),
            };
        }

        var death = dossier.Declaration.Death!;
        return part.Key switch
        {
            PartKeys.ResidenceRemoval => Provided<IResidenceRegistry>(registry => registry.RemovePermanentResidenceAsync(
                new ResidenceRemoval(key, death.Deceased.PersonalId, death.Deceased.FullName, death.DateOfDeath, number, dossier.Agency), none)),
            PartKeys.FuneralAllowance => Provided<ISocialInsurance>(insurance => insurance.PayFuneralAllowanceAsync(
                new FuneralAllowance(key, death.Deceased.PersonalId, death.Deceased.FullName, death.DateOfDeath, number, dossier.ApplicantId, dossier.ApplicantName,
                    dossier.SentWith(part).Survivors?.Claim()), none)),
            _ => throw new InvalidOperationException($"Interlinked dossier {dossier.Id}: no request for part '{part.Key}' of a death."),
        };
    }

    /// <summary>The call that reads <paramref name="part"/>'s case from the system that decides it.</summary>
    private Func<Task<VendorResult<ExternalCase>>>? Following(PartSnapshot part) => part.DecidedBy switch
    {
        PartDeciders.ResidenceRegistry => Provided<IResidenceRegistry>(registry => registry.GetCaseAsync(part.Reference!, CancellationToken.None)),
        PartDeciders.SocialInsurance => Provided<ISocialInsurance>(insurance => insurance.GetCaseAsync(part.Reference!, CancellationToken.None)),
        PartDeciders.IdentityCardRegistry => Provided<IIdentityCardRegistry>(cards => cards.GetCaseAsync(part.Reference!, CancellationToken.None)),
        _ => throw new InvalidOperationException($"Interlinked dossier {dossier!.Id}: part '{part.Key}' is decided by '{part.DecidedBy}', which no external system is."),
    };

    private Func<Task<VendorResult<ExternalCase>>>? Provided<TSystem>(Func<TSystem, Task<VendorResult<ExternalCase>>> call)
        where TSystem : class =>
        services.GetService<TSystem>() is { } system ? () => call(system) : null;

    private async Task RecordAsync(IReadOnlyList<InterlinkedPayload> payloads, Actor actor)
    {
        var now = clock.GetUtcNow();
        var events = new List<InterlinkedEvent>();
        var previous = head;
        var after = dossier!;
        foreach (var payload in payloads)
        {
            var entry = InterlinkedEvent.Seal(after.Id, after.Version + 1, payload, actor, now, previous);
            after = InterlinkedFold.Apply(after, entry, catalogue);
            events.Add(entry);
            previous = entry.Hash;
        }

        try
        {
            await store.AppendAsync(events, dossier!.Version, after, after.Status(communePartStatus), NextCheck(after), CancellationToken.None);
        }
        catch
        {
            // Another activation wrote first, or the outcome is unknown: read the history again before the next step.
            loaded = false;
            throw;
        }

        dossier = after;
        head = previous;
    }

    private DateTimeOffset? NextCheck(InterlinkedSnapshot after) =>
        after.Completed || InterlinkedStatus.Ended(communePartStatus) ? null : clock.GetUtcNow() + options.PollEvery;

    private async Task LoadAsync()
    {
        if (loaded)
        {
            return;
        }

        var events = await store.ReadAsync(this.GetPrimaryKey(), CancellationToken.None);
        dossier = null;
        head = InterlinkedEvent.Genesis;
        foreach (var entry in events)
        {
            dossier = InterlinkedFold.Apply(dossier, entry, catalogue);
            head = entry.Hash;
        }

        if (dossier is not null)
        {
            communePartStatus = (await dossiers.FindAsync(Guid.Parse(dossier.CommunePart.Reference!), CancellationToken.None))?.Status;
        }

        loaded = true;
    }

    private InterlinkedResult Answer() => new(dossier, null, communePartStatus);

    private static InterlinkedResult Refused(RefusalKind kind, string field, string rule) => InterlinkedResult.Failed(new DossierRefusal(kind, field, rule));

    [LoggerMessage(LogLevel.Warning, "Interlinked dossier {DossierId}: part {Part} waits for {System} ({Reason}); it is asked again at the next look.")]
    private partial void LogWaiting(Guid dossierId, string part, string system, string reason);
}

/// <summary>The systems outside the platform that decide parts, as the citizen reads their names.</summary>
internal static class Systems
{
    public const string PopulationRegistry = "Cơ sở dữ liệu quốc gia về dân cư";
    public const string ResidenceRegistry = "Cơ sở dữ liệu về cư trú (Bộ Công an)";
    public const string SocialInsurance = "Hệ thống của Bảo hiểm xã hội Việt Nam";
    public const string IdentityCardRegistry = "Hệ thống quản lý căn cước (Bộ Công an)";

    public static string Of(string decidedBy) => decidedBy switch
    {
        PartDeciders.ResidenceRegistry => ResidenceRegistry,
        PartDeciders.SocialInsurance => SocialInsurance,
        PartDeciders.IdentityCardRegistry => IdentityCardRegistry,
        _ => decidedBy,
    };

    public static string NotConfigured(string system) => $"{system} (kết nối chưa được cấu hình)";
}

/// <summary>The <c>Interlinked</c> section: how often the process manager looks at open interlinked dossiers.</summary>
internal sealed class InterlinkedOptions
{
    public const string Section = "Interlinked";

    public TimeSpan PollEvery { get; set; } = TimeSpan.FromSeconds(5);
}

internal static class PartSnapshotRules
{
    /// <summary>Every part this one comes after has its result.</summary>
    public static bool After(this PartSnapshot part, InterlinkedSnapshot dossier) =>
        (part.After ?? []).All(before => dossier.Part(before).State == PartState.Approved);
}
