using System.Security.Claims;
using HanoiEgov.Modules.Procedures.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Procedures.Apis;

internal sealed record CalendarDayRequest(DateOnly? Date, string? Reason);

internal sealed record CalendarYearRequest(string? Status, List<CalendarDayRequest>? DaysOff, List<CalendarDayRequest>? MakeUpWorkingDays);

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

    internal static Results<Ok<CalendarYear>, ProblemHttpResult> GetWorkingCalendarYear(int year, WorkingCalendar calendar) =>
        calendar.Year(year) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(title: "The calendar has no data for this year.", detail: $"No working-day calendar is loaded for {year}.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<Created<CalendarYear>, Ok<CalendarYear>, ValidationProblem>> PutWorkingCalendarYear(
        int year, CalendarYearRequest request, WorkingCalendar calendar, CalendarStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.DaysOff is null || request.DaysOff.Any(day => day.Date is null))
        {
            errors["daysOff"] = ["Must list the year's days off, each with a date (yyyy-MM-dd) and a reason."];
        }

        if (request.MakeUpWorkingDays?.Any(day => day.Date is null) == true)
        {
            errors["makeUpWorkingDays"] = ["Each make-up working day needs a date (yyyy-MM-dd) and a reason."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The calendar year is invalid.");
        }

        var candidate = new CalendarYear(
            year,
            request.Status ?? "",
            [.. request.DaysOff!.Select(day => new CalendarDay(day.Date!.Value, day.Reason?.Trim() ?? "")).OrderBy(day => day.Date)],
            [.. (request.MakeUpWorkingDays ?? []).Select(day => new CalendarDay(day.Date!.Value, day.Reason?.Trim() ?? "")).OrderBy(day => day.Date)]);
        errors = CalendarYearRules.Check(candidate, calendar);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The calendar year is invalid.");
        }

        var created = await store.SaveAsync(candidate, user.FindFirstValue("preferred_username") ?? user.FindFirstValue("sub") ?? "unknown", cancellationToken);
        calendar.Put(candidate);
        return created ? TypedResults.Created($"/api/calendar/{year}", candidate) : TypedResults.Ok(candidate);
    }
}
