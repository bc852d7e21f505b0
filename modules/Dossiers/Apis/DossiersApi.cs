using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Officials;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

internal sealed record DocumentRequest(string? DocumentCode, Guid? AttachmentId);

internal sealed record SubmitRequest(string? ProcedureCode, string? Agency, List<DocumentRequest>? Documents);

/// <param name="CompetentAgency">The agency that decides the dossier (GET /api/agencies, at the procedure's level); the clerk's own when left out.</param>
internal sealed record CounterRequest(
    string? ProcedureCode, string? ApplicantId, string? ApplicantName, List<DocumentRequest>? Documents, string? ApplicantLookupId = null, string? CompetentAgency = null);

/// <param name="AssigneeId">For <see cref="DossierAction.Assign"/>: the user id of the official to assign (GET /api/agencies/{agency}/officials).</param>
internal sealed record ActionRequest(DossierAction? Action, int? ExpectedVersion, string? Reason, DateTimeOffset? NewDueAt, List<DocumentRequest>? Documents, string? AssigneeId = null);

internal sealed record HistoryEntry(int Version, DossierAction Action, DossierStatus Status, Actor Actor, string Channel, string? Reason, DateTimeOffset RecordedAt, string Hash)
{
    public static HistoryEntry Of(DossierEvent entry) =>
        new(entry.Version, entry.Action, entry.Status, entry.Actor, entry.Channel, entry.Reason, entry.RecordedAt, Convert.ToHexStringLower(entry.Hash));
}

/// <summary>A step the caller may take on the dossier now, and what its request needs: a reason, a new due time, documents, an official to assign.</summary>
internal sealed record AvailableAction(DossierAction Action, bool NeedsReason, bool NeedsNewDueAt, bool TakesDocuments, bool NeedsAssignee);

/// <summary>What the caller may do with a dossier at <see cref="Version"/>: its steps, whether to pay, which forms to print.</summary>
/// <param name="Status">The national status code, 1 to 10.</param>
internal sealed record AvailableActions(int Version, int Status, IReadOnlyList<AvailableAction> Actions, bool CanPay, IReadOnlyList<string> Forms);

/// <summary>How a request names a dossier's documents, and the key that makes a repeated request one.</summary>
internal static class DossierRequestRules
{
    /// <summary>An <c>Idempotency-Key</c> is kept with what it recorded: at most 100 characters. False (with the error) when it is longer.</summary>
    public static bool CheckIdempotencyKey(string? idempotencyKey, Dictionary<string, string[]> errors)
    {
        if (idempotencyKey is { Length: > 100 })
        {
            errors["Idempotency-Key"] = ["Must be at most 100 characters."];
            return false;
        }

        return true;
    }

    /// <summary>
    /// The documents as the request names them. Whether each is the caller's staged upload is decided by the statement
    /// that moves it onto the dossier, in the dossier's transaction (<see cref="DocumentNotStagedException"/>).
    /// </summary>
    public static List<AttachedDocument> ReadDocuments(List<DocumentRequest>? requested, Dictionary<string, string[]> errors)
    {
        var documents = (requested ?? []).Where(document => document.DocumentCode is not null && document.AttachmentId is not null)
            .Select(document => new AttachedDocument(document.DocumentCode!, document.AttachmentId!.Value))
            .ToList();
        if (documents.Count != (requested?.Count ?? 0))
        {
            errors["documents"] = ["Every document needs a documentCode and an attachmentId."];
        }
        else if (documents.DistinctBy(document => document.AttachmentId).Count() != documents.Count)
        {
            errors["documents"] = ["Each uploaded document can be attached once."];
        }

        return documents;
    }
}

/// <summary>A citizen's online submission, with what checking and recording it needs.</summary>
internal sealed record SubmitDossierRequest(
    [FromBody] SubmitRequest Body,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey,
    ClaimsPrincipal User,
    HttpContext Http,
    IGrainFactory Grains,
    IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies)
{
    /// <summary>False, with an error per field, unless the procedure and the agency exist and match and the key is short enough.</summary>
    public bool TryValidate(out List<AttachedDocument> documents, out Dictionary<string, string[]> errors)
    {
        errors = [];
        documents = DossierRequestRules.ReadDocuments(Body.Documents, errors);
        var procedure = Body.ProcedureCode is null ? null : Catalogue.Find(Body.ProcedureCode);
        if (procedure is null)
        {
            errors["procedureCode"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        var agency = Body.Agency is null ? null : Agencies.Find(Body.Agency);
        if (agency is null)
        {
            errors["agency"] = ["Must be the code of a receiving agency listed by GET /api/agencies, e.g. 00004 (Phường Ba Đình)."];
        }
        else if (procedure is not null && procedure.AgencyLevel != agency.Level)
        {
            errors["agency"] = [$"Procedure {procedure.Code} is handled by {procedure.AgencyLevel}-level agencies; {agency.Name} is a {agency.Level}-level agency."];
        }

        DossierRequestRules.CheckIdempotencyKey(IdempotencyKey, errors);
        return errors.Count == 0;
    }
}

/// <summary>A one-stop clerk's registration of a dossier brought to the counter, with what checking and recording it needs.</summary>
internal sealed record RegisterDossierAtCounterRequest(
    [FromBody] CounterRequest Body,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey,
    ClaimsPrincipal User,
    HttpContext Http,
    IGrainFactory Grains,
    IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies,
    TimeProvider Clock,
    PopulationLookups Lookups)
{
    /// <summary>
    /// False, with an error per field, unless the procedure exists, a named competent agency is one of the province's at
    /// the procedure's level, the applicant's personal ID and name are well formed, the key is short enough and a named
    /// population lookup is one <paramref name="clerk"/> made of that applicant.
    /// </summary>
    public async Task<(List<AttachedDocument> Documents, Dictionary<string, string[]> Errors)> ValidateAsync(Actor clerk, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DossierRequestRules.CheckIdempotencyKey(IdempotencyKey, errors);

        var documents = DossierRequestRules.ReadDocuments(Body.Documents, errors);
        var procedure = Body.ProcedureCode is null ? null : Catalogue.Find(Body.ProcedureCode);
        if (procedure is null)
        {
            errors["procedureCode"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        var competent = Body.CompetentAgency is null ? null : Agencies.Find(Body.CompetentAgency);
        if (Body.CompetentAgency is not null && competent is null)
        {
            errors["competentAgency"] = ["Must be the code of an agency of the province listed by GET /api/agencies, e.g. 00070 (Phường Hoàn Kiếm), or left out for your own."];
        }
        else if (competent is not null && procedure is not null && competent.Level != procedure.AgencyLevel)
        {
            errors["competentAgency"] = [$"Procedure {procedure.Code} is decided by {procedure.AgencyLevel}-level agencies; {competent.Name} is a {competent.Level}-level agency."];
        }

        if (PersonalId.Problem(Body.ApplicantId, VietnamTime.DayOf(Clock.GetUtcNow())) is { } badId)
        {
            errors["applicantId"] = [$"Must be the applicant's 12-digit personal ID (CCCD). {badId}"];
        }

        if (string.IsNullOrWhiteSpace(Body.ApplicantName) || Body.ApplicantName.Length > 200)
        {
            errors["applicantName"] = ["Must be the applicant's full name, at most 200 characters."];
        }

        if (errors.Count == 0 && Body.ApplicantLookupId is { } lookup && !await Lookups.MadeAsync(lookup, Body.ApplicantId!, clerk.UserId, cancellationToken))
        {
            errors["applicantLookupId"] = [$"Must be a population-registry lookup you made of {Body.ApplicantId} within the last day (POST /api/population/lookups), or left out when the details were typed by hand."];
        }

        return (documents, errors);
    }
}

/// <summary>A step asked of a dossier, with what checking and recording it needs.</summary>
internal sealed record ActOnDossierRequest(
    Guid Id,
    [FromBody] ActionRequest Body,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey,
    ClaimsPrincipal User,
    HttpContext Http,
    DossierAccess Access,
    DossierEventStore Store,
    IOfficialDirectory Directory,
    IGrainFactory Grains)
{
    /// <summary>
    /// The step and the version the caller saw, or the first of these at fault: the key's length, an action callers
    /// may ask for (not one the submission, the deadline clock or result signing records), the version.
    /// </summary>
    public bool TryValidate(out DossierAction action, out int expectedVersion, out Dictionary<string, string[]> errors)
    {
        errors = [];
        action = default;
        expectedVersion = 0;
        if (!DossierRequestRules.CheckIdempotencyKey(IdempotencyKey, errors))
        {
            return false;
        }

        if (Body.Action is not { } asked || !Enum.IsDefined(asked) || DossiersApi.RecordedElsewhere(asked))
        {
            errors["action"] = ["Must be one of the dossier actions, e.g. Accept."];
            return false;
        }

        if (Body.ExpectedVersion is not { } expected)
        {
            errors["expectedVersion"] = ["Must be the version of the dossier the caller saw."];
            return false;
        }

        (action, expectedVersion) = (asked, expected);
        return true;
    }
}

/// <summary>A read of one dossier by a caller who may see it.</summary>
internal sealed record DossierReadRequest(Guid Id, ClaimsPrincipal User, DossierAccess Access, DossierEventStore Store, CancellationToken CancellationToken);

internal sealed record ListMyDossiersRequest(ClaimsPrincipal User, DossierQueries Queries, CancellationToken CancellationToken);

internal sealed record GetDossierAvailableActionsRequest(
    Guid Id, ClaimsPrincipal User, DossierAccess Access, DossierEventStore Store, IProcedureCatalogue Catalogue, CancellationToken CancellationToken);

/// <summary>
/// Dossiers: a citizen submits online and lists their own, a one-stop clerk registers one brought to the counter; the
/// applicant and the officials of the handling agency read a dossier, its history and the steps they may take, and
/// take them. Anyone else is told the dossier does not exist (<see cref="DossierAccess"/>).
/// </summary>
internal static class DossiersApi
{
    public static IEndpointRouteBuilder MapDossiersApi(this IEndpointRouteBuilder endpoints)
    {
        var dossiers = endpoints.MapGroup("/api/dossiers").WithTags("Dossiers").RequireAuthorization();

        dossiers.MapPost("/", SubmitDossier).RequireAuthorization(PlatformPolicies.Citizen).RequireRateLimiting(DossierRateLimits.Submissions).WithName("SubmitDossier")
            .WithSummary("A citizen submits a dossier online: a procedure in force, the receiving agency and the staged documents; a retry under the same Idempotency-Key answers as the first.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        dossiers.MapGet("/", ListMyDossiers).RequireAuthorization(PlatformPolicies.Citizen).WithName("ListMyDossiers")
            .WithSummary("The calling citizen's own dossiers.");
        dossiers.MapPost("/counter", RegisterDossierAtCounter).RequireAuthorization(PlatformPolicies.OneStopClerk).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("RegisterDossierAtCounter")
            .WithSummary("A one-stop clerk registers a dossier brought to the counter of their agency, for it or for another agency of the province (competentAgency), the applicant's details typed or taken from a population-registry lookup.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        dossiers.MapGet("/{id:guid}", GetDossier).WithName("GetDossier")
            .WithSummary("The dossier as the read model holds it, to its applicant and the officials of its agency.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        dossiers.MapGet("/{id:guid}/history", GetDossierHistory).WithName("GetDossierHistory")
            .WithSummary("Every event of the dossier's history, oldest first, with who recorded it and its hash.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        dossiers.MapPost("/{id:guid}/actions", ActOnDossier).WithName("ActOnDossier")
            .WithSummary("Takes a step on the dossier against the version the caller saw; a stale version answers 409 with the changes recorded since.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        dossiers.MapGet("/{id:guid}/available-actions", GetDossierAvailableActions).WithName("GetDossierAvailableActions")
            .WithSummary("The steps the caller may take on the dossier now, whether the caller can pay its fees, and the forms its history calls for.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        dossiers.MapGet("/{id:guid}/verification", VerifyDossierHistory).WithName("VerifyDossierHistory")
            .WithSummary("Checks the dossier's hash chain and its latest anchor, for officials of its agency and platform administrators.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<Results<Created<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> SubmitDossier([AsParameters] SubmitDossierRequest request)
    {
        var user = request.User;
        var applicantId = user.FindFirstValue(KeycloakClaims.PersonalId)!;
        var id = request.IdempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(applicantId, request.IdempotencyKey);
        if (!request.TryValidate(out var documents, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The submission has invalid fields.");
        }

        var body = request.Body;
        var result = await request.Grains.GetGrain<IDossierGrain>(id).SubmitAsync(new SubmitDossier(
            body.ProcedureCode!, body.Agency!, applicantId, user.FindFirstValue("name") ?? applicantId, Channels.Online, DossierAccess.ActorOf(user, PlatformRoles.Citizen),
            request.IdempotencyKey, documents, applicantId));
        // A retried submission answers as the first one did.
        return result.Dossier is { } dossier ? TypedResults.Created($"/api/dossiers/{dossier.Id}", dossier) : DossierRefusalProblems.Problem(result.Refusal!, request.Http);
    }

    internal static async Task<Results<Created<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> RegisterDossierAtCounter(
        [AsParameters] RegisterDossierAtCounterRequest request)
    {
        var user = request.User;
        var clerk = DossierAccess.ActorOf(user, PlatformRoles.OneStopClerk);
        var (documents, errors) = await request.ValidateAsync(clerk, request.Http.RequestAborted);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The registration has invalid fields.");
        }

        var body = request.Body;
        var receiving = user.FindFirstValue(KeycloakClaims.Agency)!;
        // A registration the clerk's screen sends twice (a double click, a retry after a network error) is one dossier.
        var id = request.IdempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(body.ApplicantId!, request.IdempotencyKey);
        var result = await request.Grains.GetGrain<IDossierGrain>(id).SubmitAsync(new SubmitDossier(
            body.ProcedureCode!, body.CompetentAgency ?? receiving, body.ApplicantId!, body.ApplicantName!.Trim(), Channels.Counter, clerk, request.IdempotencyKey,
            documents, clerk.UserId, body.ApplicantLookupId, receiving));
        return result.Dossier is { } dossier ? TypedResults.Created($"/api/dossiers/{dossier.Id}", dossier) : DossierRefusalProblems.Problem(result.Refusal!, request.Http);
    }

    internal static async Task<Ok<List<DossierSummary>>> ListMyDossiers([AsParameters] ListMyDossiersRequest request) =>
        TypedResults.Ok(await request.Queries.OfApplicantAsync(request.User.FindFirstValue(KeycloakClaims.PersonalId)!, request.CancellationToken));

    internal static async Task<Results<Ok<DossierSummary>, ProblemHttpResult>> GetDossier([AsParameters] DossierReadRequest request) =>
        await request.Access.VisibleAsync(request.Id, request.User, request.CancellationToken) is { } dossier ? TypedResults.Ok(dossier) : DossierAccess.NotFound(request.Id);

    internal static async Task<Results<Ok<HistoryEntry[]>, ProblemHttpResult>> GetDossierHistory([AsParameters] DossierReadRequest request)
    {
        if (await request.Access.VisibleAsync(request.Id, request.User, request.CancellationToken) is null)
        {
            return DossierAccess.NotFound(request.Id);
        }

        var events = await request.Store.ReadAsync(request.Id, request.CancellationToken);
        return TypedResults.Ok(events.Select(HistoryEntry.Of).ToArray());
    }

    internal static async Task<Results<Ok<ChainReport>, ProblemHttpResult>> VerifyDossierHistory([AsParameters] DossierReadRequest request) =>
        await request.Access.VerifiableAsync(request.Id, request.User, request.CancellationToken) is not null
            ? TypedResults.Ok(await request.Store.VerifyAsync(request.Id, request.CancellationToken))
            : DossierAccess.NotFound(request.Id);

    /// <summary>
    /// Read from the dossier's history, so version, status, steps and forms agree with each other: a step is listed
    /// when <see cref="DossierAccess.RoleFor"/> gives the caller a role for it and the state machine allows it now, as
    /// <see cref="ActOnDossier"/> and the grain decide; the forms as <see cref="DossierForms.Check"/> decides.
    /// </summary>
    internal static async Task<Results<Ok<AvailableActions>, ProblemHttpResult>> GetDossierAvailableActions(
        [AsParameters] GetDossierAvailableActionsRequest request)
    {
        var (id, user) = (request.Id, request.User);
        if (await request.Access.VisibleAsync(id, user, request.CancellationToken) is not { } dossier
            || await request.Store.ReadAsync(id, request.CancellationToken) is not [.., var last] history)
        {
            return DossierAccess.NotFound(id);
        }

        var actions = ActionsFor(user, dossier, last.Status, DossierStateMachine.PausedFrom(history));
        var canPay = DossierAccess.IsApplicantOf(user, dossier) && last.Status == DossierStatus.PaymentRequested && PaymentsApi.FeeLines(dossier, request.Catalogue).Count > 0;
        return TypedResults.Ok(new AvailableActions(last.Version, (int)last.Status, actions, canPay, DossierForms.Applicable(history)));
    }

    /// <summary>The steps the caller may take on the dossier in <paramref name="status"/>: those <see cref="ActOnDossier"/> would pass on to the grain and the grain's state machine allows.</summary>
    internal static List<AvailableAction> ActionsFor(ClaimsPrincipal user, DossierSummary dossier, DossierStatus status, DossierStatus? pausedFrom) =>
    [
        .. Enum.GetValues<DossierAction>()
            .Where(action => !RecordedElsewhere(action) && DossierAccess.RoleFor(action, user, dossier) is not null && DossierStateMachine.Next(status, action, pausedFrom) is not null)
            .Select(action => new AvailableAction(
                action, DossierCommand.NeedsReason(action), action == DossierAction.ExtendDeadline, action == DossierAction.ProvideSupplement, action == DossierAction.Assign)),
    ];

    /// <summary>Steps no caller asks for through <see cref="ActOnDossier"/>: the submission, the deadline clock and result signing record them.</summary>
    internal static bool RecordedElsewhere(DossierAction action) =>
        action is DossierAction.SubmitOnline or DossierAction.RegisterAtCounter or DossierAction.MarkNearDue or DossierAction.MarkOverdue or DossierAction.SignResult;

    internal static async Task<Results<Ok<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> ActOnDossier([AsParameters] ActOnDossierRequest request)
    {
        var (id, user, http) = (request.Id, request.User, request.Http);
        if (!request.TryValidate(out var action, out var expected, out var invalid))
        {
            return TypedResults.ValidationProblem(invalid);
        }

        if (await request.Access.VisibleAsync(id, user, http.RequestAborted) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
        }

        if (DossierAccess.RoleFor(action, user, dossier) is not { } role)
        {
            return TypedResults.Problem(title: "This action is not yours to take.", detail: $"'{action}' on this dossier needs another role.", statusCode: StatusCodes.Status403Forbidden);
        }

        var actor = DossierAccess.ActorOf(user, role);
        var owner = role == PlatformRoles.Citizen ? dossier.ApplicantId : actor.UserId;
        var errors = new Dictionary<string, string[]>();
        var documents = DossierRequestRules.ReadDocuments(request.Body.Documents, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The documents are invalid.");
        }

        Official? assignee = null;
        if (request.Body.AssigneeId is not null)
        {
            var found = await AssignmentApi.FindAssigneeAsync(request.Body.AssigneeId, request.Directory, http, http.RequestAborted);
            if (found.Problem is { } notFound)
            {
                return notFound;
            }

            assignee = found.Assignee;
        }

        var command = new DossierCommand(action, expected, actor, request.Body.Reason, request.Body.NewDueAt, documents, owner, assignee, request.IdempotencyKey);
        var result = await PaymentsApi.ActSettlingOnceAsync(request.Grains.GetGrain<IDossierGrain>(id), command, dossier, http);
        if (result.Dossier is { } after)
        {
            return TypedResults.Ok(after);
        }

        // Someone acted first: say what they did since the version the caller saw.
        var refusal = result.Refusal!;
        var changes = refusal is { Field: "expectedVersion", Current: { } current }
            ? (await request.Store.ReadAsync(id, http.RequestAborted)).Where(entry => entry.Version > expected && entry.Version <= current.Version).Select(HistoryEntry.Of).ToList()
            : null;
        return DossierRefusalProblems.Problem(refusal, http, changes);
    }
}
