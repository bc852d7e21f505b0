using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using HanoiEgov.Modules.Procedures.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Procedures.Apis;

internal sealed record CalendarDayRequest(DateOnly? Date, string? Reason);

internal sealed record CalendarYearRequest(string? Status, List<CalendarDayRequest>? DaysOff, List<CalendarDayRequest>? MakeUpWorkingDays);

/// <summary>A read of one year of the working-day calendar.</summary>
/// <remarks>
/// The year stays a parameter of the handlers: as a member of a request type the OpenAPI document would type it
/// integer or string, where the route takes only an integer.
/// </remarks>
internal sealed record GetWorkingCalendarYearRequest(WorkingCalendar Calendar);

/// <summary>An administrator's year of the calendar, with what checking it against the calendar and storing it needs.</summary>
internal sealed record PutWorkingCalendarYearRequest(
    [FromBody] CalendarYearRequest Body, WorkingCalendar Calendar, CalendarStore Store, ClaimsPrincipal User, CancellationToken CancellationToken)
{
    /// <summary>
    /// The <paramref name="year"/> as the calendar would hold it, or false with an error per field: every day off and
    /// make-up working day needs a date, and the year must keep the rules of <see cref="CalendarYearRules"/>.
    /// </summary>
    public bool TryValidate(int year, [NotNullWhen(true)] out CalendarYear? candidate, out Dictionary<string, string[]> errors)
    {
        candidate = null;
        errors = [];
        if (Body.DaysOff is null || Body.DaysOff.Any(day => day.Date is null))
        {
            errors["daysOff"] = ["Must list the year's days off, each with a date (yyyy-MM-dd) and a reason."];
        }

        if (Body.MakeUpWorkingDays?.Any(day => day.Date is null) == true)
        {
            errors["makeUpWorkingDays"] = ["Each make-up working day needs a date (yyyy-MM-dd) and a reason."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        var asked = new CalendarYear(
            year,
            Body.Status ?? "",
            [.. Body.DaysOff!.Select(day => new CalendarDay(day.Date!.Value, day.Reason?.Trim() ?? "")).OrderBy(day => day.Date)],
            [.. (Body.MakeUpWorkingDays ?? []).Select(day => new CalendarDay(day.Date!.Value, day.Reason?.Trim() ?? "")).OrderBy(day => day.Date)]);
        errors = CalendarYearRules.Check(asked, Calendar);
        candidate = errors.Count == 0 ? asked : null;
        return candidate is not null;
    }
}

/// <summary>The working-day calendar every deadline is counted on: public to read, as the national catalogue is; changed by platform administrators only.</summary>
internal static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder endpoints)
    {
        // Not AllowAnonymous on the group: it would override the administrators' rule on the write.
        var calendar = endpoints.MapGroup("/api/calendar").WithTags("Procedures");
        calendar.MapGet("/{year:int}", GetWorkingCalendarYear).AllowAnonymous()
            .WithName("GetWorkingCalendarYear").WithSummary("Returns one year of the working-day calendar: days off and make-up working days.");
        calendar.MapPut("/{year:int}", PutWorkingCalendarYear).RequireAuthorization(PlatformPolicies.PlatformAdmin)
            .WithName("PutWorkingCalendarYear").WithSummary("Adds or replaces one year of the working-day calendar, for every replica.");
        return endpoints;
    }

    internal static Results<Ok<CalendarYear>, ProblemHttpResult> GetWorkingCalendarYear(int year, [AsParameters] GetWorkingCalendarYearRequest request) =>
        request.Calendar.Year(year) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(title: "The calendar has no data for this year.", detail: $"No working-day calendar is loaded for {year}.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<Created<CalendarYear>, Ok<CalendarYear>, ValidationProblem>> PutWorkingCalendarYear(
        int year, [AsParameters] PutWorkingCalendarYearRequest request)
    {
        if (!request.TryValidate(year, out var candidate, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The calendar year is invalid.");
        }

        var user = request.User;
        var created = await request.Store.SaveAsync(
            candidate, user.FindFirstValue("preferred_username") ?? user.FindFirstValue("sub") ?? "unknown", request.CancellationToken);
        request.Calendar.Put(candidate);
        return created ? TypedResults.Created($"/api/calendar/{year}", candidate) : TypedResults.Ok(candidate);
    }
}
