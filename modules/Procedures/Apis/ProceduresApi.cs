using System.Globalization;
using HanoiEgov.BuildingBlocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Procedures.Apis;

/// <summary>A procedure as the catalogue lists it: the version in force on the day asked about.</summary>
internal sealed record ProcedureView(string Code, string Name, string NameEn, string Field, string AgencyLevel, ProcedureVersion Version);

internal sealed record DueDate(string Procedure, int Version, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, long Fee);

/// <summary>The procedure catalogue: each procedure with the version in force on a day, and when a dossier of it would be due.</summary>
internal static class ProceduresApi
{
    /// <summary>The words of the due-date query for the catalogue's two fee columns (<see cref="Fee.Online"/>, <see cref="Fee.Counter"/>).</summary>
    private const string OnlineFees = "online";
    private const string CounterFees = "counter";

    public static IEndpointRouteBuilder MapProceduresApi(this IEndpointRouteBuilder endpoints)
    {
        // The procedure catalogue is public, as the national catalogue is: anonymous callers allowed.
        var procedures = endpoints.MapGroup("/api/procedures").WithTags("Procedures").AllowAnonymous();
        procedures.MapGet("/", ListProcedures).WithName("ListProcedures")
            .WithSummary("Lists the procedures with the version in force on a day (today by default), optionally by name or code (q, diacritics optional), field and agency level.");
        procedures.MapGet("/{code}", GetProcedure).WithName("GetProcedure").WithSummary("Returns one procedure as in force on a day (today by default).");
        procedures.MapGet("/{code}/due-date", GetProcedureDueDate).WithName("GetProcedureDueDate")
            .WithSummary("Tells when a dossier of this procedure received at a given time would be due, and its fee for the channel.");        return endpoints;
    }

    internal static Results<Ok<ProcedureView[]>, ValidationProblem> ListProcedures(
        IProcedureCatalogue catalogue, TimeProvider clock, [FromQuery] string? on, [FromQuery] string? q, [FromQuery] string? field, [FromQuery] string? level)
    {
        if (!TryParseDay(on, clock, out var day))
        {
            return Invalid("on", "Must be a date written yyyy-MM-dd.");
        }

        if (q is { Length: > 100 })
        {
            return Invalid("q", "Must be at most 100 characters: part of a procedure's name or its code.");
        }

        // Names match with or without diacritics: "dang ky thuong tru" finds "Đăng ký thường trú".
        var words = string.IsNullOrWhiteSpace(q) ? null : VietnameseText.Fold(q);
        return TypedResults.Ok(catalogue.All
            .Where(procedure => words is null || procedure.Code.StartsWith(q!.Trim(), StringComparison.Ordinal)
                || VietnameseText.Fold(procedure.Name).Contains(words, StringComparison.Ordinal) || VietnameseText.Fold(procedure.NameEn).Contains(words, StringComparison.Ordinal))
            .Where(procedure => string.IsNullOrEmpty(field) || procedure.Field == field)
            .Where(procedure => string.IsNullOrEmpty(level) || procedure.AgencyLevel == level)
            .Select(procedure => View(procedure, day))
            .OfType<ProcedureView>()
            .ToArray());
    }

    internal static Results<Ok<ProcedureView>, ProblemHttpResult, ValidationProblem> GetProcedure(string code, IProcedureCatalogue catalogue, TimeProvider clock, [FromQuery] string? on)
    {
        if (!TryParseDay(on, clock, out var day))
        {
            return Invalid("on", "Must be a date written yyyy-MM-dd.");
        }

        return catalogue.Find(code) is { } procedure && View(procedure, day) is { } view
            ? TypedResults.Ok(view)
            : UnknownProcedure(code, day);
    }

    internal static Results<Ok<DueDate>, ProblemHttpResult, ValidationProblem> GetProcedureDueDate(
        string code, IProcedureCatalogue catalogue, DeadlineCalculator deadlines, [FromQuery] string? receivedAt, [FromQuery] string? channel)
    {
        if (!DateTimeOffset.TryParse(receivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
        {
            return Invalid("receivedAt", "Must be a date and time with its offset, e.g. 2026-03-06T16:00:00+07:00.");
        }

        var via = channel ?? OnlineFees;
        if (via is not (OnlineFees or CounterFees))
        {
            return Invalid("channel", "Must be online or counter.");
        }

        var day = VietnamTime.DayOf(received);
        if (catalogue.Find(code) is not { } procedure || procedure.VersionOn(day) is not { } version)
        {
            return UnknownProcedure(code, day);
        }

        try
        {
            return TypedResults.Ok(new DueDate(code, version.Version, via, received, deadlines.DueAt(version.Processing, received), version.TotalFee(online: via == OnlineFees)));
        }
        catch (CalendarYearMissingException missing)
        {
            return Invalid("receivedAt", missing.Message);
        }
    }

    private static ProcedureView? View(Procedure procedure, DateOnly day) =>
        procedure.VersionOn(day) is { } version
            ? new ProcedureView(procedure.Code, procedure.Name, procedure.NameEn, procedure.Field, procedure.AgencyLevel, version)
            : null;

    private static bool TryParseDay(string? text, TimeProvider clock, out DateOnly day)
    {
        if (text is null)
        {
            day = VietnamTime.DayOf(clock.GetUtcNow());
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static ProblemHttpResult UnknownProcedure(string code, DateOnly day) => TypedResults.Problem(
        title: "No procedure has this code.",
        detail: $"The catalogue holds no procedure '{code}' in force on {day:yyyy-MM-dd}.",
        statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request has invalid fields.");
}
