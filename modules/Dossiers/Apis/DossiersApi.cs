using HanoiEgov.BuildingBlocks;
using System.Security.Claims;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Vendors;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Officials;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Modules.Dossiers.Apis;

internal sealed record DocumentRequest(string? DocumentCode, Guid? AttachmentId);

internal sealed record SubmitRequest(string? ProcedureCode, string? Agency, List<DocumentRequest>? Documents);

internal sealed record CounterRequest(string? ProcedureCode, string? ApplicantId, string? ApplicantName, List<DocumentRequest>? Documents, string? ApplicantLookupId = null);

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

internal static class DossiersApi
{
    public static IEndpointRouteBuilder MapDossiersApi(this IEndpointRouteBuilder endpoints)
    {
        var dossiers = endpoints.MapGroup("/api/dossiers").WithTags("Dossiers");

        // A citizen submits online and sees their own dossiers.
        dossiers.MapPost("/", Submit).RequireAuthorization(PlatformPolicies.Citizen).RequireRateLimiting(DossierRateLimits.Submissions).WithName("SubmitDossier");
        dossiers.MapGet("/", Mine).RequireAuthorization(PlatformPolicies.Citizen).WithName("ListMyDossiers");

        // A one-stop clerk registers a dossier brought to the counter of their agency.
        dossiers.MapPost("/counter", RegisterAtCounter).RequireAuthorization(PlatformPolicies.OneStopClerk).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("RegisterDossierAtCounter");

        // The applicant or an official of the handling agency; anyone else is told the dossier does not exist.
        dossiers.MapGet("/{id:guid}", Get).RequireAuthorization().WithName("GetDossier");
        dossiers.MapGet("/{id:guid}/history", History).RequireAuthorization().WithName("GetDossierHistory");
        dossiers.MapPost("/{id:guid}/actions", Act).RequireAuthorization().WithName("ActOnDossier");

        // A citizen or a clerk uploads a document before submitting; the dossier's viewers list its documents.
        endpoints.MapPost("/api/attachments", Upload).WithTags("Dossiers").DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .RequireRateLimiting(DossierRateLimits.Uploads)
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.Citizen, PlatformRoles.OneStopClerk)).WithName("UploadAttachment");
        dossiers.MapGet("/{id:guid}/attachments", Attachments).RequireAuthorization().WithName("ListDossierAttachments");
        dossiers.MapGet("/{id:guid}/attachments/{attachmentId:guid}/content", AttachmentContent).RequireAuthorization().WithName("DownloadDossierAttachment")
            .WithSummary("One of the dossier's documents as it was uploaded, with its content type and original file name.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The dossier's viewers ask what they may do now: the buttons a portal shows, each one POST /actions accepts.
        dossiers.MapGet("/{id:guid}/available-actions", AvailableActions).RequireAuthorization().WithName("GetDossierAvailableActions")
            .WithSummary("The steps the caller may take on the dossier now, whether the caller can pay its fees, and the forms its history calls for.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Officials of the agency and platform administrators.
        dossiers.MapGet("/{id:guid}/verification", Verify).RequireAuthorization().WithName("VerifyDossierHistory");

        return endpoints;
    }

    /// <summary>
    /// Stages a document (multipart field <c>file</c>): read while it arrives and cut off past the size limit (413),
    /// of an accepted type whose bytes are of that type (400), clean by the virus scan (400), and within the caller's
    /// quota of staged uploads (409, <c>Dossiers:Uploads</c>); every refusal names <c>file</c>.
    /// </summary>
    internal static async Task<Results<Created<AttachmentInfo>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal user, AttachmentStore attachments, IVirusScanner scanner, IOptions<UploadQuotaOptions> quota, CancellationToken cancellationToken)
    {
        var (file, content, refused) = await UploadedFiles.ReadAsync(request, AttachmentStore.MaxSize, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var document = file!;
        string? problem = document switch
        {
            { Length: 0 } => "The file is empty.",
            _ when !AttachmentStore.AllowedTypes.Contains(document.ContentType) => $"Only {string.Join(", ", AttachmentStore.AllowedTypes)} are accepted, not {document.ContentType}.",
            _ when !UploadedFiles.LooksLike(document.ContentType, content) => $"The file's content is not {document.ContentType}: it does not begin as such files do.",
            _ => await scanner.ScanAsync(content, cancellationToken) is { } threat ? $"The file was refused by the virus scan ({threat})." : null,
        };
        if (problem is not null)
        {
            return UploadedFiles.Invalid(problem);
        }

        var owner = user.IsInRole(PlatformRoles.Citizen) ? user.FindFirstValue(KeycloakClaims.PersonalId)! : ActorOf(user, PlatformRoles.OneStopClerk).UserId;
        if (await attachments.StageAsync(owner, Path.GetFileName(document.FileName), document.ContentType, content, quota.Value, cancellationToken) is not { } stored)
        {
            var limits = quota.Value;
            return UploadedFiles.Refused(StatusCodes.Status409Conflict, "Too many documents are waiting to be submitted.",
                $"Bạn đang có quá nhiều giấy tờ đã tải lên nhưng chưa nộp (tối đa {limits.MaxStagedFiles} tệp, {limits.MaxStagedMegabytes} MB). Hãy nộp hồ sơ với các giấy tờ đã tải, hoặc đợi các tệp chưa dùng được tự động xoá, rồi tải tiếp. (At most {limits.MaxStagedFiles} files or {limits.MaxStagedMegabytes} MB may wait unsubmitted.)");
        }

        return TypedResults.Created($"/api/attachments/{stored.Id}", stored);
    }

    internal static async Task<Results<Ok<List<AttachmentInfo>>, ProblemHttpResult>> Attachments(
        Guid id, ClaimsPrincipal user, DossierQueries queries, AttachmentStore attachments, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, user, queries) is null ? NotFound(id) : TypedResults.Ok(await attachments.OfDossierAsync(id, cancellationToken));

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AttachmentContent(
        Guid id, Guid attachmentId, ClaimsPrincipal user, DossierQueries queries, AttachmentStore attachments, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, user, queries) is not null && await attachments.ContentAsync(id, attachmentId, cancellationToken) is { } document
            ? TypedResults.File(document.Content, document.ContentType, document.FileName)
            : TypedResults.Problem(title: "No document has this id.", detail: $"Dossier {id} has no document {attachmentId} visible to you.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Read from the dossier's history, so version, status, steps and forms agree with each other: a step is listed
    /// when <see cref="RoleFor"/> gives the caller a role for it and the state machine allows it now, as
    /// <see cref="Act"/> and the grain decide; the forms as <see cref="DossierForms.Check"/> decides.
    /// </summary>
    internal static async Task<Results<Ok<AvailableActions>, ProblemHttpResult>> AvailableActions(
        Guid id, ClaimsPrincipal user, DossierQueries queries, DossierEventStore store, IProcedureCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, user, queries) is not { } dossier || await store.ReadAsync(id, cancellationToken) is not [.., var last] history)
        {
            return NotFound(id);
        }

        var actions = ActionsFor(user, dossier, last.Status, DossierStateMachine.PausedFrom(history));
        var canPay = IsApplicantOf(user, dossier) && last.Status == DossierStatus.PaymentRequested && PaymentsApi.FeeLines(dossier, catalogue).Count > 0;
        return TypedResults.Ok(new AvailableActions(last.Version, (int)last.Status, actions, canPay, DossierForms.Applicable(history)));
    }

    /// <summary>The steps the caller may take on the dossier in <paramref name="status"/>: those <see cref="Act"/> would pass on to the grain and the grain's state machine allows.</summary>
    internal static List<AvailableAction> ActionsFor(ClaimsPrincipal user, DossierSummary dossier, DossierStatus status, DossierStatus? pausedFrom) =>
    [
        .. Enum.GetValues<DossierAction>()
            .Where(action => !RecordedElsewhere(action) && RoleFor(action, user, dossier) is not null && DossierStateMachine.Next(status, action, pausedFrom) is not null)
            .Select(action => new AvailableAction(
                action, DossierCommand.NeedsReason(action), action == DossierAction.ExtendDeadline, action == DossierAction.ProvideSupplement, action == DossierAction.Assign)),
    ];

    /// <summary>Steps no caller asks for through <see cref="Act"/>: the submission, the deadline clock and result signing record them.</summary>
    private static bool RecordedElsewhere(DossierAction action) =>
        action is DossierAction.SubmitOnline or DossierAction.RegisterAtCounter or DossierAction.MarkNearDue or DossierAction.MarkOverdue or DossierAction.SignResult;

    /// <summary>
    /// The documents as the request names them. Whether each is the caller's staged upload is decided by the statement
    /// that moves it onto the dossier, in the dossier's transaction (<see cref="DocumentNotStagedException"/>).
    /// </summary>
    private static List<AttachedDocument> ReadDocuments(List<DocumentRequest>? requested, Dictionary<string, string[]> errors)
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

    internal static DateTimeOffset? ParseDay(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return VietnamTime.StartOf(day);
        }

        errors[field] = ["Must be a date written yyyy-MM-dd."];
        return null;
    }

    internal static async Task<Results<Created<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> Submit(
        SubmitRequest request, ClaimsPrincipal user, IGrainFactory grains, IProcedureCatalogue catalogue, IAgencyDirectory agencies,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http)
    {
        var applicantId = user.FindFirstValue(KeycloakClaims.PersonalId)!;
        var id = idempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(applicantId, idempotencyKey);
        var errors = new Dictionary<string, string[]>();
        var documents = ReadDocuments(request.Documents, errors);
        var procedure = request.ProcedureCode is null ? null : catalogue.Find(request.ProcedureCode);
        if (procedure is null)
        {
            errors["procedureCode"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        var agency = request.Agency is null ? null : agencies.Find(request.Agency);
        if (agency is null)
        {
            errors["agency"] = ["Must be the code of a receiving agency listed by GET /api/agencies, e.g. 00004 (Phường Ba Đình)."];
        }
        else if (procedure is not null && procedure.AgencyLevel != agency.Level)
        {
            errors["agency"] = [$"Procedure {procedure.Code} is handled by {procedure.AgencyLevel}-level agencies; {agency.Name} is a {agency.Level}-level agency."];
        }

        CheckIdempotencyKey(idempotencyKey, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The submission has invalid fields.");
        }

        var applicant = applicantId;
        var result = await grains.GetGrain<IDossierGrain>(id).SubmitAsync(new SubmitDossier(
            request.ProcedureCode!, request.Agency!, applicant, user.FindFirstValue("name") ?? applicant, Channels.Online, ActorOf(user, PlatformRoles.Citizen),
            idempotencyKey, documents, applicant));
        // A retried submission answers as the first one did.
        return result.Dossier is { } dossier ? TypedResults.Created($"/api/dossiers/{dossier.Id}", dossier) : DossierRefusalProblems.Problem(result.Refusal!, http);
    }

    internal static async Task<Results<Created<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> RegisterAtCounter(
        CounterRequest request, ClaimsPrincipal user, IGrainFactory grains, IProcedureCatalogue catalogue, TimeProvider clock, PopulationLookups lookups,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, CancellationToken cancellationToken)
    {
        var clerk = ActorOf(user, PlatformRoles.OneStopClerk);
        var errors = new Dictionary<string, string[]>();
        CheckIdempotencyKey(idempotencyKey, errors);

        var documents = ReadDocuments(request.Documents, errors);
        if (request.ProcedureCode is null || catalogue.Find(request.ProcedureCode) is null)
        {
            errors["procedureCode"] = ["Must be the code of a procedure in the catalogue, e.g. 1.004222."];
        }

        if (PersonalId.Problem(request.ApplicantId, VietnamTime.DayOf(clock.GetUtcNow())) is { } badId)
        {
            errors["applicantId"] = [$"Must be the applicant's 12-digit personal ID (CCCD). {badId}"];
        }

        if (string.IsNullOrWhiteSpace(request.ApplicantName) || request.ApplicantName.Length > 200)
        {
            errors["applicantName"] = ["Must be the applicant's full name, at most 200 characters."];
        }

        if (errors.Count == 0 && request.ApplicantLookupId is { } lookup && !await lookups.MadeAsync(lookup, request.ApplicantId!, clerk.UserId, cancellationToken))
        {
            errors["applicantLookupId"] = [$"Must be a population-registry lookup you made of {request.ApplicantId} within the last day (POST /api/population/lookups), or left out when the details were typed by hand."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The registration has invalid fields.");
        }

        var agency = user.FindFirstValue(KeycloakClaims.Agency)!;
        // A registration the clerk's screen sends twice (a double click, a retry after a network error) is one dossier.
        var id = idempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(request.ApplicantId!, idempotencyKey);
        var result = await grains.GetGrain<IDossierGrain>(id).SubmitAsync(new SubmitDossier(
            request.ProcedureCode!, agency, request.ApplicantId!, request.ApplicantName!.Trim(), Channels.Counter, clerk, idempotencyKey, documents, clerk.UserId, request.ApplicantLookupId));
        return result.Dossier is { } dossier ? TypedResults.Created($"/api/dossiers/{dossier.Id}", dossier) : DossierRefusalProblems.Problem(result.Refusal!, http);
    }

    internal static async Task<Results<Ok<DossierSummary>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, DossierQueries queries) =>
        await FindVisibleAsync(id, user, queries) is { } dossier ? TypedResults.Ok(dossier) : NotFound(id);

    internal static async Task<Ok<List<DossierSummary>>> Mine(ClaimsPrincipal user, DossierQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.OfApplicantAsync(user.FindFirstValue(KeycloakClaims.PersonalId)!, cancellationToken));

    internal static async Task<Results<Ok<HistoryEntry[]>, ProblemHttpResult>> History(Guid id, ClaimsPrincipal user, DossierQueries queries, DossierEventStore store, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(id, user, queries) is null)
        {
            return NotFound(id);
        }

        var events = await store.ReadAsync(id, cancellationToken);
        return TypedResults.Ok(events.Select(HistoryEntry.Of).ToArray());
    }

    internal static async Task<Results<Ok<ChainReport>, ProblemHttpResult>> Verify(Guid id, ClaimsPrincipal user, DossierQueries queries, DossierEventStore store, CancellationToken cancellationToken)
    {
        var dossier = await queries.FindAsync(id, cancellationToken);
        return dossier is not null && (user.IsInRole(PlatformRoles.PlatformAdmin) || IsOfficialOf(user, dossier.Agency))
            ? TypedResults.Ok(await store.VerifyAsync(id, cancellationToken))
            : NotFound(id);
    }

    internal static async Task<Results<Ok<DossierSnapshot>, ProblemHttpResult, ValidationProblem>> Act(
        Guid id, ActionRequest request, ClaimsPrincipal user, HttpContext http, DossierQueries queries, DossierEventStore store, IOfficialDirectory directory, IGrainFactory grains,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey)
    {
        var keyErrors = new Dictionary<string, string[]>();
        if (!CheckIdempotencyKey(idempotencyKey, keyErrors))
        {
            return TypedResults.ValidationProblem(keyErrors);
        }

        if (request.Action is not { } action || !Enum.IsDefined(action) || RecordedElsewhere(action))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["action"] = ["Must be one of the dossier actions, e.g. Accept."] });
        }

        if (request.ExpectedVersion is not { } expected)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["expectedVersion"] = ["Must be the version of the dossier the caller saw."] });
        }

        var dossier = await FindVisibleAsync(id, user, queries);
        if (dossier is null)
        {
            return NotFound(id);
        }

        if (RoleFor(action, user, dossier) is not { } role)
        {
            return TypedResults.Problem(title: "This action is not yours to take.", detail: $"'{action}' on this dossier needs another role.", statusCode: StatusCodes.Status403Forbidden);
        }

        var actor = ActorOf(user, role);
        var owner = role == PlatformRoles.Citizen ? dossier.ApplicantId : actor.UserId;
        var errors = new Dictionary<string, string[]>();
        var documents = ReadDocuments(request.Documents, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The documents are invalid.");
        }

        Official? assignee = null;
        if (request.AssigneeId is not null)
        {
            var found = await AssignmentApi.FindAssigneeAsync(request.AssigneeId, directory, http, http.RequestAborted);
            if (found.Problem is { } notFound)
            {
                return notFound;
            }

            assignee = found.Assignee;
        }

        var result = await PaymentsApi.ActSettlingOnceAsync(
            grains.GetGrain<IDossierGrain>(id), new DossierCommand(action, expected, actor, request.Reason, request.NewDueAt, documents, owner, assignee, idempotencyKey), dossier, http);
        if (result.Dossier is { } after)
        {
            return TypedResults.Ok(after);
        }

        // Someone acted first: say what they did since the version the caller saw.
        var refusal = result.Refusal!;
        var changes = refusal is { Field: "expectedVersion", Current: { } current }
            ? (await store.ReadAsync(id, http.RequestAborted)).Where(entry => entry.Version > expected && entry.Version <= current.Version).Select(HistoryEntry.Of).ToList()
            : null;
        return DossierRefusalProblems.Problem(refusal, http, changes);
    }

    /// <summary>An <c>Idempotency-Key</c> is kept with what it recorded: at most 100 characters. False (with the error) when it is longer.</summary>
    private static bool CheckIdempotencyKey(string? idempotencyKey, Dictionary<string, string[]> errors)
    {
        if (idempotencyKey is { Length: > 100 })
        {
            errors["Idempotency-Key"] = ["Must be at most 100 characters."];
            return false;
        }

        return true;
    }

    /// <summary>Who may take each action: the applicant, a clerk, an official or a head of the dossier's agency.</summary>
    private static string? RoleFor(DossierAction action, ClaimsPrincipal user, DossierSummary dossier)
    {
        var applicant = IsApplicantOf(user, dossier);
        var official = IsOfficialOf(user, dossier.Agency);
        return action switch
        {
            DossierAction.Withdraw or DossierAction.ProvideSupplement when applicant => PlatformRoles.Citizen,
            DossierAction.ProvideSupplement when official && user.IsInRole(PlatformRoles.OneStopClerk) => PlatformRoles.OneStopClerk,
            DossierAction.Accept or DossierAction.Refuse or DossierAction.ReturnResult or DossierAction.ConfirmPayment
                when official && user.IsInRole(PlatformRoles.OneStopClerk) => PlatformRoles.OneStopClerk,
            DossierAction.StartProcessing or DossierAction.RequestSupplement or DossierAction.RequestPayment or DossierAction.StopProcessing
                when official => PlatformRoles.Official,
            DossierAction.Approve or DossierAction.ExtendDeadline or DossierAction.Assign when official && user.IsInRole(PlatformRoles.Head) => PlatformRoles.Head,
            _ => null,
        };
    }

    internal static async Task<DossierSummary?> FindVisibleAsync(Guid id, ClaimsPrincipal user, DossierQueries queries)
    {
        var dossier = await queries.FindAsync(id, CancellationToken.None);
        return dossier is not null
            && (IsApplicantOf(user, dossier) || IsOfficialOf(user, dossier.Agency))
            ? dossier
            : null;
    }

    /// <summary>The caller is a citizen whose personal ID is the dossier's applicant's.</summary>
    internal static bool IsApplicantOf(ClaimsPrincipal user, DossierSummary dossier) =>
        user.IsInRole(PlatformRoles.Citizen) && user.FindFirstValue(KeycloakClaims.PersonalId) == dossier.ApplicantId;

    internal static bool IsOfficialOf(ClaimsPrincipal user, string agency) =>
        user.IsInRole(PlatformRoles.Official) && user.FindFirstValue(KeycloakClaims.Agency) == agency;

    internal static Actor ActorOf(ClaimsPrincipal user, string role) =>
        new(user.FindFirstValue("sub") ?? user.Identity?.Name ?? "unknown", role, user.FindFirstValue(KeycloakClaims.Agency));

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "No dossier has this id.", detail: $"No dossier {id} is visible to you.", statusCode: StatusCodes.Status404NotFound);
}
