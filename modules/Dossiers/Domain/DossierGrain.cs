using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>One dossier: the single writer of its history. Its state is rebuilt from its events on activation.</summary>
[Alias("HanoiEgov.Dossiers.IDossierGrain")]
internal interface IDossierGrain : IGrainWithGuidKey
{
    [Alias("Submit")]
    Task<DossierResult> SubmitAsync(SubmitDossier command);

    [Alias("Act")]
    Task<DossierResult> ActAsync(DossierCommand command);

    /// <summary>Records near-due and overdue once each when owed; idempotent, so a repeated or late look changes nothing.</summary>
    [Alias("CheckDeadline")]
    Task CheckDeadlineAsync();
}

internal sealed class DossierGrain(
    DossierEventStore store,
    IProcedureCatalogue catalogue,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    DeadlineClock deadlineClock) : Grain, IDossierGrain
{
    private DossierSnapshot? dossier;
    private byte[] head = DossierEvent.Genesis;
    private bool loaded;

    /// <summary>
    /// At the counter, whether the applicant's details came from the population registry (a lookup the clerk made) or
    /// were typed by hand: the officials who handle the dossier read it in its history.
    /// </summary>
    private static string? CounterApplicantNote(SubmitDossier command) => command.Channel != Channels.Counter
        ? null
        : command.ApplicantLookupId is { } lookup
            ? $"Thông tin người nộp đã được xác thực qua Cơ sở dữ liệu quốc gia về dân cư (mã tra cứu {lookup})."
            : "Thông tin người nộp do cán bộ nhập tay, chưa được xác thực với Cơ sở dữ liệu quốc gia về dân cư.";

    public async Task<DossierResult> SubmitAsync(SubmitDossier command)
    {
        // A new dossier has no history to read: whether this id was submitted before (a retry under the same
        // Idempotency-Key) is found by the transaction that would record it, so a first submission costs no read.
        if (dossier is not null)
        {
            return DossierResult.Ok(dossier);
        }

        var now = clock.GetUtcNow();
        var procedure = catalogue.Find(command.ProcedureCode);
        if (procedure?.VersionOn(VietnamTime.DayOf(now)) is not { } version)
        {
            return DossierResult.Invalid("procedureCode", procedure?.NotInForceReason(VietnamTime.DayOf(now)) ?? $"No procedure '{command.ProcedureCode}' is in force today.");
        }

        if (version.IsInterlinked)
        {
            return DossierResult.Invalid("procedureCode", $"Procedure {command.ProcedureCode} is interlinked: submit it through /api/interlinked, which creates its parts.");
        }

        var missing = version.RequiredDocuments.Where(document => document.Required)
            .Select(document => document.Code)
            .Except(command.Documents.Select(document => document.DocumentCode))
            .ToList();
        if (missing.Count > 0)
        {
            return DossierResult.Invalid("documents", $"Required document(s) missing: {string.Join(", ", missing)}.");
        }

        var unknown = command.Documents.Select(document => document.DocumentCode).Except(version.RequiredDocuments.Select(document => document.Code)).ToList();
        if (unknown.Count > 0)
        {
            return DossierResult.Invalid("documents", $"Procedure {command.ProcedureCode} asks for no document(s) {string.Join(", ", unknown)}.");
        }

        DateTimeOffset due;
        try
        {
            due = deadlines.DueAt(version.Processing, now);
        }
        catch (CalendarYearMissingException noCalendar)
        {
            return DossierResult.Unavailable("calendar", noCalendar.Message);
        }

        var id = this.GetPrimaryKey();
        var action = command.Channel == Channels.Counter ? DossierAction.RegisterAtCounter : DossierAction.SubmitOnline;
        var status = DossierStateMachine.Next(null, action, null)!.Value;
        StartedDossier started;
        try
        {
            started = await store.StartAsync(
                new NewDossier(id, command.Agency, command.ProcedureCode, version.Version, command.ApplicantId, command.ApplicantName, command.Channel, now, due,
                    command.Documents, command.AttachmentOwner, deadlineClock.NextCheck(status, due, nearDueMarked: false, overdueMarked: false),
                    command.ReceivingAgency ?? command.Agency),
                code => DossierEvent.Seal(id, 1, Submitted(command, code, version.Version, due), status, command.Actor, command.Channel,
                    CounterApplicantNote(command), now, DossierEvent.Genesis),
                command.IdempotencyKey,
                CancellationToken.None);
        }
        catch (DocumentNotStagedException notStaged)
        {
            return DossierResult.Invalid("documents", notStaged.Message);
        }
        catch (DailyNumbersExhaustedException exhausted)
        {
            return DossierResult.Unavailable("code", exhausted.Message, VietnamTime.StartOf(exhausted.Day.AddDays(1)) - now);
        }

        if (!started.Created)
        {
            // Recorded before under this key: answer as the first submission was answered.
            loaded = false;
            await LoadAsync();
            if (dossier is not null)
            {
                return DossierResult.Ok(dossier);
            }

            DeactivateOnIdle();
            return DossierResult.Conflict("Idempotency-Key", $"This submission was already recorded as dossier {started.Code}.");
        }

        loaded = true;
        Fold([started.First!]);
        return DossierResult.Ok(dossier!);
    }

    public async Task CheckDeadlineAsync()
    {
        await LoadAsync();
        var recorded = false;
        while (dossier is not null && deadlineClock.Due(dossier, clock.GetUtcNow()) is { } action)
        {
            // Each recorded event stores the dossier's next check time with it.
            if ((await ActAsync(new DossierCommand(action, dossier.Version, DeadlineClock.Actor, null))).Dossier is null)
            {
                return;
            }

            recorded = true;
        }

        // Nothing was owed: the stored time was early (or from before this version); the next look is when something will be.
        if (dossier is not null && !recorded)
        {
            await store.SetDeadlineCheckAsync(dossier.Id, dossier.Version, deadlineClock.NextCheck(dossier), CancellationToken.None);
        }
    }

    public async Task<DossierResult> ActAsync(DossierCommand command)
    {
        await LoadAsync();
        if (dossier is null)
        {
            return DossierResult.NotFound("id", "No dossier has this id.");
        }

        // A retry of a step already recorded (its answer lost to a timeout) answers as the step did, recording nothing.
        // A key is the caller's: two officials choosing the same one do not meet.
        var key = command.IdempotencyKey is null ? null : $"{command.Actor.UserId}\u001f{command.IdempotencyKey}";
        if (key is not null && await store.StepOfKeyAsync(dossier.Id, key, CancellationToken.None) is not null)
        {
            return DossierResult.Ok(dossier);
        }

        if (command.ExpectedVersion != dossier.Version)
        {
            return DossierResult.Conflict("expectedVersion", $"The dossier is at version {dossier.Version}, not {command.ExpectedVersion}; reload it.", dossier);
        }

        if (DossierStateMachine.Next(dossier.Status, command.Action, dossier.PausedFrom) is not { } next)
        {
            return DossierResult.Conflict("action", $"A dossier in status {(int)dossier.Status} ({dossier.Status}) cannot be given '{command.Action}'.", dossier);
        }

        if (DossierCommand.NeedsReason(command.Action) && string.IsNullOrWhiteSpace(command.Reason))
        {
            return DossierResult.Invalid("reason", $"'{command.Action}' needs a reason: it is printed on the form the applicant receives.");
        }

        if (command.Action == DossierAction.Assign && DossierAssignment.Refusal(dossier, command.Assignee) is { } unassignable)
        {
            return unassignable;
        }

        if (command.Action == DossierAction.HandOver && !(dossier.ReceivingAgency is { } from && from != dossier.Agency && dossier.HandedOverAt is null))
        {
            return DossierResult.Conflict("action", "Only a dossier received for another agency is handed over, once.", dossier);
        }

        if (DossierStateMachine.NeedsHandover(command.Action) && dossier.ReceivingAgency is { } receiving && receiving != dossier.Agency && dossier.HandedOverAt is null)
        {
            return DossierResult.Conflict("handover", $"Agency {receiving} received this dossier for {dossier.Agency} and has not handed it over yet.", dossier);
        }

        if (command.Action != DossierAction.Assign && command.Assignee is not null)
        {
            return DossierResult.Invalid(DossierAssignment.Field, $"Only '{DossierAction.Assign}' names an official to assign, not '{command.Action}'.");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? newDue;
        DossierEventPayload payload;
        if (command.Action == DossierAction.ExtendDeadline)
        {
            if (command.NewDueAt is not { } extended || extended <= dossier.DueAt || extended <= now)
            {
                return DossierResult.Invalid("newDueAt", $"Must be a time after the current due time {dossier.DueAt:O} and after now.");
            }

            newDue = extended;
            payload = new DeadlineExtended(extended, dossier.DueAt);
        }
        else
        {
            newDue = DossierStateMachine.PausesTheClock(dossier.Status) && !DossierStateMachine.PausesTheClock(next)
                ? deadlines.Resume(dossier.DueAt, dossier.PausedAt ?? now, now)
                : null;
            payload = command.Action switch
            {
                DossierAction.Assign => new DossierAssigned(command.Assignee!.Id, command.Assignee.Name),
                DossierAction.HandOver => new DossierHandedOver(dossier.ReceivingAgency!, dossier.Agency),
                _ => DossierEventPayload.Of(command.Action, newDue),
            };
        }

        var documents = command.Documents ?? [];
        if (documents.Count > 0 && command.Action != DossierAction.ProvideSupplement)
        {
            return DossierResult.Invalid("documents", $"Documents come with a dossier's submission or with '{DossierAction.ProvideSupplement}', not with '{command.Action}'.");
        }

        if (documents.Count > 0 && UnknownDocuments(documents) is { Count: > 0 } unknown)
        {
            return DossierResult.Invalid("documents", $"Procedure {dossier.ProcedureCode} asks for no document(s) {string.Join(", ", unknown)}.");
        }

        var entry = DossierEvent.Seal(dossier.Id, dossier.Version + 1, payload, next, command.Actor, dossier.Channel, command.Reason, now, head);
        try
        {
            var after = DossierFold.Apply(dossier, entry);
            await store.AppendAsync(
                entry, newDue, deadlineClock.NextCheck(after),
                documents.Count == 0 ? NewAttachments.None : new NewAttachments(documents, command.AttachmentOwner ?? dossier.ApplicantId),
                after.AssigneeId == dossier.AssigneeId ? null : new DossierAssignee(after.AssigneeId!, after.AssigneeName!),
                CancellationToken.None,
                key);
        }
        catch (DocumentNotStagedException notStaged)
        {
            return DossierResult.Invalid("documents", notStaged.Message);
        }
        catch (StaleDossierVersionException)
        {
            Fold(await store.ReadAsync(dossier.Id, CancellationToken.None));
            // The same step racing itself (its retry on another silo during a fail-over) was recorded first: that is its answer.
            return key is not null && await store.StepOfKeyAsync(dossier!.Id, key, CancellationToken.None) is not null
                ? DossierResult.Ok(dossier)
                : DossierResult.Conflict("expectedVersion", "Another change was recorded first; reload the dossier.", dossier!);
        }
        catch
        {
            // The write's outcome is unknown (e.g. the connection was lost at commit): the history is read again
            // before the next answer, whether the event was recorded or not.
            loaded = false;
            throw;
        }

        Apply(entry);
        return DossierResult.Ok(dossier!);
    }

    private List<string> UnknownDocuments(IReadOnlyList<AttachedDocument> documents)
    {
        var known = catalogue.Find(dossier!.ProcedureCode)?.Versions.FirstOrDefault(version => version.Version == dossier.ProcedureVersion)?.RequiredDocuments
            .Select(document => document.Code) ?? [];
        return [.. documents.Select(document => document.DocumentCode).Except(known)];
    }

    private async Task LoadAsync()
    {
        if (!loaded)
        {
            Fold(await store.ReadAsync(this.GetPrimaryKey(), CancellationToken.None));
            loaded = true;
        }
    }

    private void Fold(IReadOnlyList<DossierEvent> events)
    {
        dossier = null;
        head = DossierEvent.Genesis;
        foreach (var entry in events)
        {
            Apply(entry);
        }
    }

    private void Apply(DossierEvent entry)
    {
        dossier = DossierFold.Apply(dossier, entry);
        head = entry.Hash;
    }

    private static DossierEventPayload Submitted(SubmitDossier command, string code, int procedureVersion, DateTimeOffset due) =>
        command.Channel == Channels.Counter
            ? new DossierRegisteredAtCounter(code, command.ProcedureCode, procedureVersion, command.Agency, command.ApplicantId, command.ApplicantName, due,
                command.ApplicantLookupId is not null, command.ApplicantLookupId, command.ReceivingAgency == command.Agency ? null : command.ReceivingAgency)
            : new DossierSubmitted(code, command.ProcedureCode, procedureVersion, command.Agency, command.ApplicantId, command.ApplicantName, due);
}
