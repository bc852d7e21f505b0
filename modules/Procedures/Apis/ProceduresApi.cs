using System.Globalization;
using HanoiEgov.BuildingBlocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Procedures.Apis;

/// <summary>
/// A procedure as the catalogue lists it: the version in force on the day asked about or, for a procedure retired by
/// then, the version last in force, with the day it was retired from and the procedure that replaced it.
/// </summary>
internal sealed record ProcedureView(
    string Code, string Name, string NameEn, string Field, string AgencyLevel, ProcedureVersion Version, DateOnly? RetiredFrom = null, string? ReplacedBy = null);

internal sealed record DueDate(string Procedure, int Version, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, long Fee);

/// <summary>
/// The catalogue's query as it arrives: the day (<c>on</c>, today by default), search text, field, agency level and
/// <c>status</c>: <c>in-force</c> (the default), <c>retired</c> (retired by that day) or <c>all</c>.
/// </summary>
internal sealed record ListProceduresRequest(
    [FromQuery(Name = "on")] string? On, [FromQuery(Name = "q")] string? Q, [FromQuery(Name = "field")] string? Field, [FromQuery(Name = "level")] string? Level,
    [FromQuery(Name = "status")] string? Status, IProcedureCatalogue Catalogue, TimeProvider Clock)
{
    public const string InForce = "in-force";
    public const string Retired = "retired";
    public const string AllStatuses = "all";

    /// <summary>The day asked about; false, with the error, when <c>on</c> or <c>q</c> is malformed.</summary>
    public bool TryValidate(out DateOnly day, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!ProceduresApi.TryParseDay(On, Clock, out day))
        {
            errors["on"] = [ProceduresApi.DayRule];
        }
        else if (Q is { Length: > 100 })
        {
            errors["q"] = ["Must be at most 100 characters: part of a procedure's name or its code."];
        }

        if (Status is not (null or InForce or Retired or AllStatuses))
        {
            errors["status"] = [$"Must be {InForce} (the default), {Retired} or {AllStatuses}."];
        }

        return errors.Count == 0;
    }
}

/// <summary>One procedure as in force on a day (<c>on</c>, today by default).</summary>
internal sealed record GetProcedureRequest(string Code, [FromQuery(Name = "on")] string? On, IProcedureCatalogue Catalogue, TimeProvider Clock, HttpContext Http)
{
    /// <summary>The day asked about; false, with the error, when <c>on</c> is malformed.</summary>
    public bool TryValidate(out DateOnly day, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!ProceduresApi.TryParseDay(On, Clock, out day))
        {
            errors["on"] = [ProceduresApi.DayRule];
        }

        return errors.Count == 0;
    }
}

/// <summary>When a dossier of a procedure received at <c>receivedAt</c> through <c>channel</c> (online by default) would be due.</summary>
internal sealed record GetProcedureDueDateRequest(
    string Code, [FromQuery(Name = "receivedAt")] string? ReceivedAt, [FromQuery(Name = "channel")] string? Channel, IProcedureCatalogue Catalogue,
    DeadlineCalculator Deadlines, HttpContext Http)
{
    /// <summary>The time received and the channel; false, with the first error, when either is malformed.</summary>
    public bool TryValidate(out DateTimeOffset received, out string channel, out Dictionary<string, string[]> errors)
    {
        errors = [];
        channel = Channel ?? ProceduresApi.OnlineFees;
        if (!DateTimeOffset.TryParse(ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out received))
        {
            errors["receivedAt"] = ["Must be a date and time with its offset, e.g. 2026-03-06T16:00:00+07:00."];
        }
        else if (channel is not (ProceduresApi.OnlineFees or ProceduresApi.CounterFees))
        {
            errors["channel"] = ["Must be online or counter."];
        }

        return errors.Count == 0;
    }
}

/// <summary>The procedure catalogue: each procedure with the version in force on a day, and when a dossier of it would be due.</summary>
internal static class ProceduresApi
{
    /// <summary>The words of the due-date query for the catalogue's two fee columns (<see cref="Fee.Online"/>, <see cref="Fee.Counter"/>).</summary>
    internal const string OnlineFees = "online";
    internal const string CounterFees = "counter";

    internal const string DayRule = "Must be a date written yyyy-MM-dd.";

    public static IEndpointRouteBuilder MapProceduresApi(this IEndpointRouteBuilder endpoints)
    {
        // The procedure catalogue is public, as the national catalogue is: anonymous callers allowed.
        var procedures = endpoints.MapGroup("/api/procedures").WithTags("Procedures").AllowAnonymous();
        procedures.MapGet("/", ListProcedures).WithName("ListProcedures")
            .WithSummary("Lists the procedures with the version in force on a day (today by default), optionally by name or code (q, diacritics optional), field, agency level and status (in-force, retired with the version last in force and its successor, or all).");
        procedures.MapGet("/{code}", GetProcedure).WithName("GetProcedure").WithSummary("Returns one procedure as in force on a day (today by default).");
        procedures.MapGet("/{code}/due-date", GetProcedureDueDate).WithName("GetProcedureDueDate")
            .WithSummary("Tells when a dossier of this procedure received at a given time would be due, and its fee for the channel.");
        return endpoints;
    }

    internal static Results<Ok<ProcedureView[]>, ValidationProblem> ListProcedures([AsParameters] ListProceduresRequest request)
    {
        if (!request.TryValidate(out var day, out var errors))
        {
            return Invalid(errors);
        }

        var (q, field, level, status) = (request.Q, request.Field, request.Level, request.Status ?? ListProceduresRequest.InForce);

        // Names match with or without diacritics: "dang ky thuong tru" finds "Đăng ký thường trú".
        var words = string.IsNullOrWhiteSpace(q) ? null : VietnameseText.Fold(q);
        return TypedResults.Ok(request.Catalogue.All
            .Where(procedure => words is null || procedure.Code.StartsWith(q!.Trim(), StringComparison.Ordinal)
                || VietnameseText.Fold(procedure.Name).Contains(words, StringComparison.Ordinal) || VietnameseText.Fold(procedure.NameEn).Contains(words, StringComparison.Ordinal))
            .Where(procedure => string.IsNullOrEmpty(field) || procedure.Field == field)
            .Where(procedure => string.IsNullOrEmpty(level) || procedure.AgencyLevel == level)
            .Where(procedure => status == ListProceduresRequest.AllStatuses || procedure.RetiredOn(day) == (status == ListProceduresRequest.Retired))
            .Select(procedure => procedure.RetiredOn(day) ? RetiredView(procedure) : View(procedure, day))
            .OfType<ProcedureView>()
            .ToArray());
    }

    internal static Results<Ok<ProcedureView>, ProblemHttpResult, ValidationProblem> GetProcedure([AsParameters] GetProcedureRequest request)
    {
        if (!request.TryValidate(out var day, out var errors))
        {
            return Invalid(errors);
        }

        var procedure = request.Catalogue.Find(request.Code);
        return procedure is not null && View(procedure, day) is { } view
            ? TypedResults.Ok(view)
            : NotInForce(request.Code, procedure, day, request.Http);
    }

    internal static Results<Ok<DueDate>, ProblemHttpResult, ValidationProblem> GetProcedureDueDate([AsParameters] GetProcedureDueDateRequest request)
    {
        if (!request.TryValidate(out var received, out var via, out var errors))
        {
            return Invalid(errors);
        }

        var code = request.Code;
        var day = VietnamTime.DayOf(received);
        var procedure = request.Catalogue.Find(code);
        if (procedure?.VersionOn(day) is not { } version)
        {
            return NotInForce(code, procedure, day, request.Http);
        }

        try
        {
            return TypedResults.Ok(new DueDate(code, version.Version, via, received, request.Deadlines.DueAt(version.Processing, received), version.TotalFee(online: via == OnlineFees)));
        }
        catch (CalendarYearMissingException missing)
        {
            return Invalid(new Dictionary<string, string[]> { ["receivedAt"] = [missing.Message] });
        }
    }

    private static ProcedureView? View(Procedure procedure, DateOnly day) =>
        procedure.VersionOn(day) is { } version
            ? new ProcedureView(procedure.Code, procedure.Name, procedure.NameEn, procedure.Field, procedure.AgencyLevel, version)
            : null;

    /// <summary>A retired procedure with the version it was last in force in.</summary>
    private static ProcedureView? RetiredView(Procedure procedure) =>
        procedure.RetiredFrom is { } retired && procedure.VersionOn(retired.AddDays(-1)) is { } last
            ? new ProcedureView(procedure.Code, procedure.Name, procedure.NameEn, procedure.Field, procedure.AgencyLevel, last, retired, procedure.ReplacedBy)
            : null;

    internal static bool TryParseDay(string? text, TimeProvider clock, out DateOnly day)
    {
        if (text is null)
        {
            day = VietnamTime.DayOf(clock.GetUtcNow());
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>
    /// 404 for a code the catalogue never held or that is not in force yet; 410 for a retired one, naming what replaces
    /// it (<c>replacedBy</c>, and a <c>Link: rel="successor-version"</c> to it, RFC 5829).
    /// </summary>
    private static ProblemHttpResult NotInForce(string code, Procedure? procedure, DateOnly day, HttpContext http)
    {
        if (procedure?.RetiredOn(day) != true)
        {
            return TypedResults.Problem(
                title: "No procedure has this code.",
                detail: procedure?.NotInForceReason(day) ?? $"The catalogue holds no procedure '{code}' in force on {day:yyyy-MM-dd}.",
                statusCode: StatusCodes.Status404NotFound);
        }

        if (procedure.ReplacedBy is { } successor)
        {
            http.Response.Headers.Link = $"</api/procedures/{Uri.EscapeDataString(successor)}>; rel=\"successor-version\"";
        }

        return TypedResults.Problem(
            title: "The procedure is no longer in force.",
            detail: procedure.NotInForceReason(day),
            statusCode: StatusCodes.Status410Gone,
            extensions: new Dictionary<string, object?> { ["retiredFrom"] = procedure.RetiredFrom, ["replacedBy"] = procedure.ReplacedBy });
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors, title: "The request has invalid fields.");
}
