using System.Globalization;
using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Interlinked;
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

internal sealed record PersonRequest(string? PersonalId, string? FullName);

internal sealed record ChildRequest(string? FullName, DateOnly? DateOfBirth, string? Gender, string? PlaceOfBirth);

internal sealed record ResidenceRequest(string? HouseholderPersonalId, string? Address);

internal sealed record DeceasedRequest(string? PersonalId, string? FullName, DateOnly? DateOfDeath, string? PlaceOfDeath);

/// <summary>The interlinked birth declaration: the child, the parents, where the child lives, the documents; at the counter, the applicant too.</summary>
internal sealed record BirthGroupRequest(
    string? Agency, ChildRequest? Child, PersonRequest? Mother, PersonRequest? Father, ResidenceRequest? Residence, List<DocumentRequest>? Documents,
    PersonRequest? Applicant = null);

internal sealed record SurvivorRequest(string? PersonalId, string? FullName, string? Relationship, DateOnly? DateOfBirth);

/// <summary>The relatives' claim to the survivor allowance: <c>form</c> (<c>monthly</c> or <c>lump-sum</c>) and 1–5 <c>relatives</c>.</summary>
internal sealed record SurvivorsRequest(string? Form, List<SurvivorRequest?>? Relatives)
{
    /// <summary>Adds the rules the claim breaks (<see cref="SurvivorClaim.Problems"/>) to <paramref name="errors"/>, by field.</summary>
    public void Check(string? deceasedPersonalId, DateOnly today, Dictionary<string, string[]> errors)
    {
        var relatives = Relatives?.Select(relative => new DeclaredSurvivorInput(
            relative?.PersonalId?.Trim(), relative?.FullName?.Trim(), relative?.Relationship?.Trim(), relative?.DateOfBirth)).ToList();
        foreach (var (field, rule) in SurvivorClaim.Problems(Form, relatives, deceasedPersonalId, today))
        {
            errors[field] = [rule];
        }
    }

    /// <summary>The claim as the declaration stores it, once <see cref="Check"/> found nothing.</summary>
    public SurvivorDeclaration Declaration() => new(Form!, [.. Relatives!.Select(relative => new SurvivingRelative(
        relative!.PersonalId!.Trim(), relative.FullName!.Trim(), relative.Relationship!.Trim(), relative.DateOfBirth!.Value))]);
}

/// <summary>
/// The interlinked death declaration: the deceased, the applicant's relationship to them, the documents; optionally
/// the relatives who claim the survivor allowance; at the counter, the applicant too.
/// </summary>
internal sealed record DeathGroupRequest(
    string? Agency, DeceasedRequest? Deceased, string? Relationship, List<DocumentRequest>? Documents, PersonRequest? Applicant = null, SurvivorsRequest? Survivors = null);

/// <summary>
/// A refused part's correction: the residence part's <c>householderPersonalId</c> and <c>address</c>, the card's
/// delivery <c>address</c>, the funeral allowance's <c>survivors</c> claim or <c>withdrawSurvivors</c> (true: the
/// funeral allowance is claimed alone); what is not given is sent again as declared.
/// </summary>
internal sealed record CorrectionRequest(string? HouseholderPersonalId, string? Address, SurvivorsRequest? Survivors = null, bool? WithdrawSurvivors = null);

/// <summary>One part as its applicant and officials read it: who decides it, where it stands, its time limit and result.</summary>
/// <param name="DecidedBy">The agency or system that decides it, in Vietnamese.</param>
/// <param name="Deadline">on-time, near-due, overdue (undecided past its due time), late (decided after it) or closed.</param>
/// <param name="DossierId">The commune part's dossier in the back office; null for parts other systems decide.</param>
/// <param name="Corrects">The fields a correction of the part takes when it is refused (the resubmission's body); empty: it is sent again as declared.</param>
/// <param name="SentWith">Those fields as the part's next attempt is sent them: as declared, or as last corrected; null when it takes none.</param>
internal sealed record PartView(
    string Key, string Name, string ProcedureCode, string DecidedBy, string State, int Attempt, string? Reference, Guid? DossierId, DateTimeOffset? DueAt,
    string Deadline, bool Late, string? DocumentNumber, string? Summary, string? Reason, DateTimeOffset? StartedAt, DateTimeOffset? DecidedAt, string? WaitingFor,
    IReadOnlyList<string> Corrects, SentWithView? SentWith);

/// <summary>What a part is sent with, of what its correction can change (<see cref="PartCorrections.SentWith"/>).</summary>
internal sealed record SentWithView(string? HouseholderPersonalId, string? Address, SurvivorDeclaration? Survivors)
{
    public static SentWithView Of(PartCorrection sent) => new(sent.HouseholderPersonalId, sent.Address, sent.Survivors);
}

/// <summary>An interlinked dossier: one code and due time for the whole, its national status from the parts, and each part.</summary>
internal sealed record InterlinkedView(
    Guid Id, string Code, string ProcedureCode, string ProcedureName, string Agency, string ApplicantId, string ApplicantName, string Channel, int Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, bool Late, int Version, bool Completed, string? RegistrationNumber, string? SubjectPersonalId,
    IReadOnlyList<PartView> Parts)
{
    public static InterlinkedView Of(InterlinkedSnapshot dossier, DossierStatus status, IProcedureCatalogue catalogue, IAgencyDirectory agencies, DateTimeOffset now)
    {
        var parts = dossier.Parts.Select(part =>
        {
            var late = part.DueAt is { } due && (part.DecidedAt is { } decided ? decided > due : now > due);
            var deadline = part.DueAt is not { } partDue ? Deadlines.Closed
                : part.State is PartState.Approved or PartState.Refused ? late ? "late" : Deadlines.Closed
                : Label(partDue, now);
            return new PartView(part.Key, part.Name, part.ProcedureCode, DeciderName(part.DecidedBy, dossier.Agency, agencies), part.State.ToString(), part.Attempt,
                part.Reference, part.DecidedBy == PartDeciders.Commune ? Guid.Parse(part.Reference!) : null, part.DueAt, deadline, late, part.DocumentNumber,
                part.Summary, part.Reason, part.StartedAt, part.DecidedAt, part.WaitingFor, PartCorrections.Takes(part.Key),
                PartCorrections.Takes(part.Key).Count == 0 ? null : SentWithView.Of(dossier.SentWith(part)));
        }).ToList();
        var open = StatusSql.IsDeadlinePending(status) && !dossier.Completed;
        var wholeLate = open ? now > dossier.DueAt : parts.Max(part => part.DecidedAt) is { } last && last > dossier.DueAt;
        return new InterlinkedView(dossier.Id, dossier.Code, dossier.GroupCode, catalogue.Find(dossier.GroupCode)?.Name ?? dossier.GroupCode, dossier.Agency,
            dossier.ApplicantId, dossier.ApplicantName, dossier.Channel, (int)status, dossier.ReceivedAt, dossier.DueAt,
            open ? Label(dossier.DueAt, now) : wholeLate ? "late" : Deadlines.Closed, wholeLate, dossier.Version, dossier.Completed, dossier.RegistrationNumber,
            dossier.SubjectPersonalId, parts);
    }

    private static string Label(DateTimeOffset due, DateTimeOffset now) =>
        due < now ? Deadlines.Overdue : due - now <= DossierQueries.NearDue ? Deadlines.NearDue : Deadlines.OnTime;

    private static string DeciderName(string decidedBy, string agency, IAgencyDirectory agencies) => decidedBy == PartDeciders.Commune
        ? agencies.Find(agency)?.Name ?? agency
        : Systems.Of(decidedBy);
}

/// <summary>What submitting an interlinked dossier needs, whichever group and channel.</summary>
internal sealed record InterlinkedSubmissionServices(
    string? IdempotencyKey, ClaimsPrincipal User, HttpContext Http, IGrainFactory Grains, IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, TimeProvider Clock)
{
    /// <summary>A clerk registers it at the one-stop counter (the <c>/counter</c> routes) for the applicant named in the body.</summary>
    public bool AtCounter => Http.Request.Path.Value?.EndsWith("/counter", StringComparison.Ordinal) == true;

    /// <summary>
    /// The group in force today that starts with <paramref name="firstPart"/> (its civil-status procedure): which code a
    /// declaration is received under follows from the catalogue, so a code the law replaces stops taking dossiers on its day.
    /// </summary>
    public Procedure? GroupInForce(string firstPart) => Catalogue.InterlinkedStartingWith(firstPart, VietnamTime.DayOf(Clock.GetUtcNow()));
}

internal sealed record SubmitBirthGroupRequest(
    [FromBody] BirthGroupRequest Body,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey,
    ClaimsPrincipal User,
    HttpContext Http,
    IGrainFactory Grains,
    IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies,
    TimeProvider Clock)
{
    public InterlinkedSubmissionServices Services => new(IdempotencyKey, User, Http, Grains, Catalogue, Agencies, Clock);
}

internal sealed record SubmitDeathGroupRequest(
    [FromBody] DeathGroupRequest Body,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey,
    ClaimsPrincipal User,
    HttpContext Http,
    IGrainFactory Grains,
    IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies,
    TimeProvider Clock,
    IServiceProvider Provider)
{
    public InterlinkedSubmissionServices Services => new(IdempotencyKey, User, Http, Grains, Catalogue, Agencies, Clock);
}

/// <summary>One interlinked dossier read by its <paramref name="Id"/>, or (<c>of-dossier</c>) by the id of its commune part's dossier.</summary>
internal sealed record InterlinkedReadRequest(
    Guid Id, ClaimsPrincipal User, InterlinkedStore Store, IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, TimeProvider Clock,
    CancellationToken CancellationToken);

internal sealed record InterlinkedListRequest(
    ClaimsPrincipal User, InterlinkedStore Store, IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, TimeProvider Clock, CancellationToken CancellationToken);

/// <summary>
/// The commune's list of interlinked dossiers as it arrives, every field a string so a malformed one gets its own
/// message: <c>late</c> (<c>true</c>: only those with a part late or overdue, or the whole overdue), <c>group</c>
/// (the code of an interlinked procedure, in force or retired, e.g. 3.000722 births), <c>limit</c> (1–200) and
/// <c>after</c> (the cursor of the Link header).
/// </summary>
internal sealed record InterlinkedListQuery(
    [FromQuery] string? Late, [FromQuery] string? Group, [FromQuery] string? Limit, [FromQuery] string? After,
    ClaimsPrincipal User, HttpContext Http, InterlinkedStore Store, IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, TimeProvider Clock,
    CancellationToken CancellationToken)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public bool TryValidate(out InterlinkedFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var late = false;
        if (Late is not null && !bool.TryParse(Late, out late))
        {
            errors["late"] = ["Must be true (only the interlinked dossiers with a part late or overdue, or the whole overdue) or false."];
        }

        var groups = Catalogue.All.Where(procedure => procedure.IsInterlinked).Select(procedure => procedure.Code).ToList();
        if (Group is not null && !groups.Contains(Group))
        {
            errors["group"] = [$"Must be the code of an interlinked procedure: {string.Join(", ", groups)}."];
        }

        var limit = DefaultLimit;
        if (Limit is not null && !(int.TryParse(Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"Must be a whole number from 1 to {MaxLimit}."];
        }

        var after = After is null ? null : PagePlace.FromCursor(After);
        if (After is not null && after is null)
        {
            errors["after"] = ["Must be the cursor of the Link header (rel=\"next\") of the previous page."];
        }

        filter = new InterlinkedFilter(User.FindFirstValue(KeycloakClaims.Agency)!, Group, late, limit, after);
        return errors.Count == 0;
    }
}

internal sealed record ResubmitInterlinkedPartRequest(
    Guid Id, string Key, [FromBody] CorrectionRequest Body, ClaimsPrincipal User, HttpContext Http, IGrainFactory Grains, InterlinkedStore Store,
    IProcedureCatalogue Catalogue, IAgencyDirectory Agencies, TimeProvider Clock)
{
    /// <summary>
    /// The correction's fields checked against what <see cref="Key"/>'s part takes from one; a key that is not one of
    /// <paramref name="dossier"/>'s parts is left to the grain, which says which keys are.
    /// </summary>
    public bool TryValidate(InterlinkedSnapshot dossier, out PartCorrection correction, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var today = VietnamTime.DayOf(Clock.GetUtcNow());
        var survivors = Body.Survivors;
        correction = new PartCorrection(Body.HouseholderPersonalId?.Trim(), Body.Address?.Trim());
        if (dossier.Parts.All(part => part.Key != Key))
        {
            return true;
        }

        var takes = PartCorrections.Takes(Key);
        var given = new (string Field, bool Given)[]
        {
            (PartCorrections.Householder, correction.HouseholderPersonalId is not null), (PartCorrections.Address, !string.IsNullOrEmpty(correction.Address)),
            (PartCorrections.Survivors, survivors is not null), (PartCorrections.WithdrawSurvivors, Body.WithdrawSurvivors == true),
        };
        foreach (var (field, _) in given.Where(field => field.Given && !takes.Contains(field.Field)))
        {
            errors[field] = [takes.Count == 0
                ? $"Must not be given: part '{Key}' is sent again as declared, with nothing to correct."
                : $"Must not be given: part '{Key}' takes only {string.Join(" and ", takes)} from a correction."];
        }

        if (takes.Contains(PartCorrections.Householder) && correction.HouseholderPersonalId is { } householder && PersonalId.Problem(householder, today) is { } bad)
        {
            errors["householderPersonalId"] = [$"Must be the householder's 12-digit personal ID (CCCD). {bad}"];
        }

        if (takes.Contains(PartCorrections.Address) && correction.Address is { Length: > 300 })
        {
            errors["address"] = ["Must be at most 300 characters."];
        }

        if (Key == PartKeys.Residence && correction.HouseholderPersonalId is null && string.IsNullOrEmpty(correction.Address))
        {
            errors["householderPersonalId"] = ["Give the corrected householder's personal ID, the corrected address, or both."];
        }

        if (Key == PartKeys.HealthInsurance && string.IsNullOrEmpty(correction.Address))
        {
            errors["address"] = ["Must be the address the child's health-insurance card is delivered to, at most 300 characters."];
        }

        if (takes.Contains(PartCorrections.Survivors))
        {
            survivors?.Check(dossier.Declaration.Death?.Deceased.PersonalId, today, errors);
        }

        if (takes.Contains(PartCorrections.WithdrawSurvivors) && Body.WithdrawSurvivors == true)
        {
            if (survivors is not null)
            {
                errors[PartCorrections.WithdrawSurvivors] = ["Must not be given with survivors: either correct the claim or withdraw it."];
            }
            else if (dossier.SentWith(dossier.Part(Key)).Survivors is null)
            {
                errors[PartCorrections.WithdrawSurvivors] = [$"Nothing to withdraw: part '{Key}' is sent without a survivors' claim."];
            }
        }

        if (errors.Count == 0 && survivors is not null)
        {
            correction = correction with { Survivors = survivors.Declaration() };
        }

        if (errors.Count == 0 && Body.WithdrawSurvivors == true)
        {
            correction = correction with { SurvivorsWithdrawn = true };
        }

        return errors.Count == 0;
    }
}

/// <summary>
/// Interlinked dossiers (Decree 63/2024, amended by Decree 301/2026): one submission for a birth (birth, permanent
/// residence, child's health-insurance card and, from 1/9/2026, identity card) or a death (death, removal from permanent
/// residence, funeral allowance and, when relatives claim it, survivor allowance), its parts decided by the commune and by the police's and Social Security's systems.
/// Each is received under the group in force that day. The applicant and the officials of the receiving commune read the whole.
/// </summary>
internal static class InterlinkedApi
{
    /// <summary>Birth registration: the first part of every interlinked birth group.</summary>
    public const string BirthRegistration = "1.001193";

    /// <summary>Death registration: the first part of every interlinked death group.</summary>
    public const string DeathRegistration = "1.000656";

    private static readonly string[] Genders = ["Nam", "Nữ"];

    public static IEndpointRouteBuilder MapInterlinkedApi(this IEndpointRouteBuilder endpoints)
    {
        var interlinked = endpoints.MapGroup("/api/interlinked").WithTags("Interlinked dossiers").RequireAuthorization();
        interlinked.MapPost("/births", SubmitBirthGroup).RequireAuthorization(PlatformPolicies.Citizen).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("SubmitBirthGroup")
            .WithSummary("A parent submits the interlinked birth declaration online: birth registration, the child's permanent residence and health-insurance card in one dossier.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        interlinked.MapPost("/births/counter", SubmitBirthGroup).RequireAuthorization(PlatformPolicies.OneStopClerk).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("RegisterBirthGroupAtCounter")
            .WithSummary("A one-stop clerk registers the interlinked birth declaration brought to the counter of their commune, for the applicant named.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        interlinked.MapPost("/deaths", SubmitDeathGroup).RequireAuthorization(PlatformPolicies.Citizen).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("SubmitDeathGroup")
            .WithSummary("A relative submits the interlinked death declaration online: death registration, removal from permanent residence and funeral allowance, and the survivor allowance for the relatives named; the deceased must be known to the population registry.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        interlinked.MapPost("/deaths/counter", SubmitDeathGroup).RequireAuthorization(PlatformPolicies.OneStopClerk).RequireRateLimiting(DossierRateLimits.Submissions)
            .WithName("RegisterDeathGroupAtCounter")
            .WithSummary("A one-stop clerk registers the interlinked death declaration brought to the counter of their commune, for the applicant named.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        interlinked.MapGet("/mine", ListMyInterlinkedDossiers).RequireAuthorization(PlatformPolicies.Citizen).WithName("ListMyInterlinkedDossiers")
            .WithSummary("The calling citizen's interlinked dossiers, newest first.");
        interlinked.MapGet("/", ListAgencyInterlinkedDossiers).RequireAuthorization(PlatformPolicies.Official).WithName("ListAgencyInterlinkedDossiers")
            .WithSummary("The interlinked dossiers the caller's commune received, newest first, each part's deadline marked; only those late or overdue (late=true), of one group (group); a page at a time.")
            .ProducesValidationProblem();
        interlinked.MapGet("/of-dossier/{id:guid}", GetInterlinkedDossierOfPart).WithName("GetInterlinkedDossierOfPart")
            .WithSummary("The interlinked dossier a dossier is the civil-status part of, to its applicant and the officials of the commune that received it; 404 for any other dossier.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        interlinked.MapGet("/{id:guid}", GetInterlinkedDossier).WithName("GetInterlinkedDossier")
            .WithSummary("The interlinked dossier and each of its parts, to its applicant and the officials of the commune that received it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        interlinked.MapGet("/{id:guid}/verification", VerifyInterlinkedHistory).WithName("VerifyInterlinkedHistory")
            .WithSummary("Checks the interlinked dossier's hash chain, for officials of the receiving commune and platform administrators.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        interlinked.MapPost("/{id:guid}/parts/{key}/resubmission", ResubmitInterlinkedPart).WithName("ResubmitInterlinkedPart")
            .WithSummary("The applicant corrects a refused part and sends only that part again; the parts already decided keep their results.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    internal static async Task<Results<Created<InterlinkedView>, ProblemHttpResult, ValidationProblem>> SubmitBirthGroup([AsParameters] SubmitBirthGroupRequest request)
    {
        var (body, services) = (request.Body, request.Services);
        var errors = new Dictionary<string, string[]>();
        var (applicant, agency, documents) = Intake(services, body.Agency, body.Applicant, body.Documents, errors);
        var today = VietnamTime.DayOf(services.Clock.GetUtcNow());
        var child = body.Child;
        Require(child?.FullName, "child.fullName", "Must be the child's full name, at most 200 characters.", errors);
        if (child?.DateOfBirth is not { } born || born > today || born < today.AddYears(-6))
        {
            errors["child.dateOfBirth"] = ["Must be the child's date of birth: not in the future, and the child under 6 (Decree 63/2024)."];
        }

        if (child?.Gender is null || !Genders.Contains(child.Gender))
        {
            errors["child.gender"] = ["Must be \"Nam\" or \"Nữ\"."];
        }

        Require(child?.PlaceOfBirth, "child.placeOfBirth", "Must be where the child was born, at most 200 characters.", errors);
        Person(body.Mother, "mother", today, errors, required: true);
        if (body.Father is not null)
        {
            Person(body.Father, "father", today, errors, required: false);
        }

        if (PersonalId.Problem(body.Residence?.HouseholderPersonalId, today) is { } badHouseholder)
        {
            errors["residence.householderPersonalId"] = [$"Must be the householder's 12-digit personal ID (CCCD). {badHouseholder}"];
        }

        Require(body.Residence?.Address, "residence.address", "Must be the permanent address the child is registered at, at most 200 characters.", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The interlinked declaration has invalid fields.");
        }

        var declaration = new InterlinkedDeclaration(
            new BirthDeclaration(child!.FullName!.Trim(), child.DateOfBirth!.Value, child.Gender!, child.PlaceOfBirth!.Trim(),
                new DeclaredPerson(body.Mother!.PersonalId!, body.Mother.FullName!.Trim()),
                body.Father is { PersonalId: not null } father ? new DeclaredPerson(father.PersonalId, father.FullName?.Trim() ?? "") : null,
                body.Residence!.HouseholderPersonalId!, body.Residence.Address!.Trim()),
            null);
        return await SubmitAsync(services, BirthRegistration, agency!, applicant!, documents, declaration);
    }

    internal static async Task<Results<Created<InterlinkedView>, ProblemHttpResult, ValidationProblem>> SubmitDeathGroup([AsParameters] SubmitDeathGroupRequest request)
    {
        var (body, services) = (request.Body, request.Services);
        var errors = new Dictionary<string, string[]>();
        var (applicant, agency, documents) = Intake(services, body.Agency, body.Applicant, body.Documents, errors);
        var today = VietnamTime.DayOf(services.Clock.GetUtcNow());
        var deceased = body.Deceased;
        if (PersonalId.Problem(deceased?.PersonalId, today) is { } badId)
        {
            errors["deceased.personalId"] = [$"Must be the deceased's 12-digit personal ID (CCCD). {badId}"];
        }

        Require(deceased?.FullName, "deceased.fullName", "Must be the deceased's full name, at most 200 characters.", errors);
        if (deceased?.DateOfDeath is not { } died || died > today)
        {
            errors["deceased.dateOfDeath"] = ["Must be the date of death, not in the future."];
        }

        Require(deceased?.PlaceOfDeath, "deceased.placeOfDeath", "Must be where the death happened, at most 200 characters.", errors);
        Require(body.Relationship, "relationship", "Must be the applicant's relationship to the deceased (e.g. \"Con\"), at most 200 characters.", errors);
        body.Survivors?.Check(deceased?.PersonalId, today, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The interlinked declaration has invalid fields.");
        }

        // Refused at intake when the population registry does not know the person: no part could be decided.
        if (request.Provider.GetService(typeof(IPopulationRegistry)) is not IPopulationRegistry registry)
        {
            return TypedResults.Problem(title: "The population registry is not connected; death declarations cannot be checked now.", statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["field"] = "deceased.personalId" });
        }

        var found = await registry.LookUpAsync(
            new PersonLookup(deceased!.PersonalId!, $"Hồ sơ liên thông {services.GroupInForce(DeathRegistration)?.Code}: đăng ký khai tử", $"declaration:{applicant!.PersonalId}",
                applicant.PersonalId),
            services.Http.RequestAborted);
        if (!found.Succeeded)
        {
            if (found.Failure.IsUnavailable)
            {
                services.Http.Response.Headers.RetryAfter = "30";
                return TypedResults.Problem(title: "The population registry cannot be reached now; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable,
                    extensions: new Dictionary<string, object?> { ["field"] = "deceased.personalId" });
            }

            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["deceased.personalId"] = [$"Cơ sở dữ liệu quốc gia về dân cư không có người có số định danh {deceased.PersonalId}."] },
                title: "The population registry does not know the deceased.");
        }

        var declaration = new InterlinkedDeclaration(null, new DeathDeclaration(
            new DeclaredPerson(deceased.PersonalId!, found.Value.FullName), deceased.DateOfDeath!.Value, deceased.PlaceOfDeath!.Trim(), body.Relationship!.Trim(),
            body.Survivors?.Declaration()));
        return await SubmitAsync(services, DeathRegistration, agency!, applicant, documents, declaration);
    }

    internal static async Task<Ok<InterlinkedView[]>> ListMyInterlinkedDossiers([AsParameters] InterlinkedListRequest request)
    {
        var rows = await request.Store.OfApplicantAsync(request.User.FindFirstValue(KeycloakClaims.PersonalId)!, 100, request.CancellationToken);
        var now = request.Clock.GetUtcNow();
        return TypedResults.Ok(rows.Select(row => InterlinkedView.Of(row.Dossier, row.Status, request.Catalogue, request.Agencies, now)).ToArray());
    }

    internal static async Task<Results<Ok<InterlinkedView[]>, ValidationProblem>> ListAgencyInterlinkedDossiers([AsParameters] InterlinkedListQuery query)
    {
        if (!query.TryValidate(out var filter, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The list query has invalid fields.");
        }

        var now = query.Clock.GetUtcNow();
        var page = await query.Store.OfAgencyAsync(filter, now, query.CancellationToken);
        WorklistApi.PageHeaders(query.Http, page.Total, page.Next);
        return TypedResults.Ok(page.Rows.Select(row => InterlinkedView.Of(row.Dossier, row.Status, query.Catalogue, query.Agencies, now)).ToArray());
    }

    /// <summary>Seen by whoever sees the whole (<see cref="Sees"/>): the part's dossier has the same applicant and agency, so they see it too.</summary>
    internal static async Task<Results<Ok<InterlinkedView>, ProblemHttpResult>> GetInterlinkedDossierOfPart([AsParameters] InterlinkedReadRequest request) =>
        await request.Store.OfCommunePartAsync(request.Id, request.CancellationToken) is { } row && Sees(request.User, row.Dossier)
            ? TypedResults.Ok(InterlinkedView.Of(row.Dossier, row.Status, request.Catalogue, request.Agencies, request.Clock.GetUtcNow()))
            : TypedResults.Problem(title: "The dossier is not part of an interlinked dossier.",
                detail: $"No interlinked dossier visible to you has dossier {request.Id} as its part.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<Ok<InterlinkedView>, ProblemHttpResult>> GetInterlinkedDossier([AsParameters] InterlinkedReadRequest request) =>
        await request.Store.FindAsync(request.Id, request.CancellationToken) is { } row && Sees(request.User, row.Dossier)
            ? TypedResults.Ok(InterlinkedView.Of(row.Dossier, row.Status, request.Catalogue, request.Agencies, request.Clock.GetUtcNow()))
            : NotFound(request.Id);

    internal static async Task<Results<Ok<ChainReport>, ProblemHttpResult>> VerifyInterlinkedHistory([AsParameters] InterlinkedReadRequest request) =>
        await request.Store.FindAsync(request.Id, request.CancellationToken) is { } row
        && (request.User.IsInRole(PlatformRoles.PlatformAdmin) || DossierAccess.IsOfficialOf(request.User, row.Dossier.Agency))
            ? TypedResults.Ok(await request.Store.VerifyAsync(request.Id, request.CancellationToken))
            : NotFound(request.Id);

    internal static async Task<Results<Ok<InterlinkedView>, ProblemHttpResult, ValidationProblem>> ResubmitInterlinkedPart([AsParameters] ResubmitInterlinkedPartRequest request)
    {
        if (await request.Store.FindAsync(request.Id, request.Http.RequestAborted) is not { } row || !IsApplicant(request.User, row.Dossier))
        {
            return NotFound(request.Id);
        }

        if (!request.TryValidate(row.Dossier, out var correction, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The correction has invalid fields.");
        }

        var result = await request.Grains.GetGrain<IInterlinkedGrain>(request.Id)
            .ResubmitAsync(new ResubmitPart(request.Key, correction, DossierAccess.ActorOf(request.User, PlatformRoles.Citizen)));
        if (result.Dossier is not { } dossier)
        {
            return DossierRefusalProblems.Problem(result.Refusal!, request.Http);
        }

        var status = dossier.Status(result.CommunePartStatus);
        return TypedResults.Ok(InterlinkedView.Of(dossier, status, request.Catalogue, request.Agencies, request.Clock.GetUtcNow()));
    }

    /// <summary>The applicant (a citizen whose personal ID is theirs) and the officials of the receiving commune see an interlinked dossier.</summary>
    internal static bool Sees(ClaimsPrincipal user, InterlinkedSnapshot dossier) => IsApplicant(user, dossier) || DossierAccess.IsOfficialOf(user, dossier.Agency);

    private static bool IsApplicant(ClaimsPrincipal user, InterlinkedSnapshot dossier) =>
        user.IsInRole(PlatformRoles.Citizen) && user.FindFirstValue(KeycloakClaims.PersonalId) == dossier.ApplicantId;

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "No interlinked dossier has this id.", detail: $"No interlinked dossier {id} is visible to you.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Who applies (online: the caller; at the counter: the person named), which commune receives it (at the counter:
    /// the clerk's), the documents, and the key's length.
    /// </summary>
    private static (DeclaredPerson? Applicant, string? Agency, List<AttachedDocument> Documents) Intake(
        InterlinkedSubmissionServices services, string? requestedAgency, PersonRequest? named, List<DocumentRequest>? requestedDocuments, Dictionary<string, string[]> errors)
    {
        var user = services.User;
        DossierRequestRules.CheckIdempotencyKey(services.IdempotencyKey, errors);
        var documents = DossierRequestRules.ReadDocuments(requestedDocuments, errors);
        DeclaredPerson? applicant;
        string? agency;
        if (services.AtCounter)
        {
            agency = user.FindFirstValue(KeycloakClaims.Agency);
            Person(named, "applicant", VietnamTime.DayOf(services.Clock.GetUtcNow()), errors, required: true);
            applicant = named is { PersonalId: not null, FullName: not null } ? new DeclaredPerson(named.PersonalId, named.FullName.Trim()) : null;
        }
        else
        {
            var id = user.FindFirstValue(KeycloakClaims.PersonalId)!;
            applicant = new DeclaredPerson(id, user.FindFirstValue("name") ?? id);
            agency = requestedAgency;
            if (agency is null || services.Agencies.Find(agency) is not { Level: AgencyLevels.Commune })
            {
                errors["agency"] = ["Must be the code of the commune or ward receiving the dossier, listed by GET /api/agencies, e.g. 00004 (Phường Ba Đình)."];
            }
        }

        return (applicant, agency, documents);
    }

    private static async Task<Results<Created<InterlinkedView>, ProblemHttpResult, ValidationProblem>> SubmitAsync(
        InterlinkedSubmissionServices services, string firstPart, string agency, DeclaredPerson applicant, List<AttachedDocument> documents, InterlinkedDeclaration declaration)
    {
        if (services.GroupInForce(firstPart) is not { } group)
        {
            return TypedResults.Problem(title: "No interlinked procedure for this declaration is in force today.",
                detail: $"The catalogue holds no interlinked procedure starting with {firstPart} in force on {VietnamTime.DayOf(services.Clock.GetUtcNow()):yyyy-MM-dd}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var user = services.User;
        var atCounter = services.AtCounter;
        var actor = DossierAccess.ActorOf(user, atCounter ? PlatformRoles.OneStopClerk : PlatformRoles.Citizen);
        var id = services.IdempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(applicant.PersonalId, $"interlinked\u001f{services.IdempotencyKey}");
        var result = await services.Grains.GetGrain<IInterlinkedGrain>(id).SubmitAsync(new SubmitInterlinked(
            group.Code, agency, applicant.PersonalId, applicant.FullName, atCounter ? Channels.Counter : Channels.Online, actor, declaration, documents,
            atCounter ? actor.UserId : applicant.PersonalId));
        if (result.Dossier is not { } dossier)
        {
            return DossierRefusalProblems.Problem(result.Refusal!, services.Http);
        }

        return TypedResults.Created(
            $"/api/interlinked/{dossier.Id}",
            InterlinkedView.Of(dossier, dossier.Status(result.CommunePartStatus), services.Catalogue, services.Agencies, services.Clock.GetUtcNow()));
    }

    private static void Require(string? value, string field, string rule, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            errors[field] = [rule];
        }
    }

    private static void Person(PersonRequest? person, string prefix, DateOnly today, Dictionary<string, string[]> errors, bool required)
    {
        if (person is null && !required)
        {
            return;
        }

        if (PersonalId.Problem(person?.PersonalId, today) is { } bad)
        {
            errors[$"{prefix}.personalId"] = [$"Must be a 12-digit personal ID (CCCD). {bad}"];
        }

        Require(person?.FullName, $"{prefix}.fullName", "Must be a full name, at most 200 characters.", errors);
    }
}
