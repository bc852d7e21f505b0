using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HanoiEgov.Modules.Dossiers.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>Where a dossier stands, for anyone holding its code and the applicant's digits: nothing personal.</summary>
/// <param name="Status">The national status code, 1 to 10.</param>
/// <param name="Deadline"><c>on-time</c>, <c>near-due</c> or <c>overdue</c> as the worklist marks it; <c>closed</c> once processed or ended.</param>
/// <param name="Agency">The handling agency's code.</param>
internal sealed record DossierLookup(string Code, string ProcedureCode, int Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, string Agency);

/// <summary>A lookup as the query gives it: the dossier's <c>code</c> and the last four <c>digits</c> of the applicant's personal ID.</summary>
internal sealed partial record DossierLookupQuery([FromQuery(Name = "code")] string? Code, [FromQuery(Name = "digits")] string? Digits)
{
    /// <summary>False, with an error per field, unless the code is written as dossier codes are and the digits are four.</summary>
    public bool TryValidate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (Code is null || !DossierCode().IsMatch(Code))
        {
            errors["code"] = ["Must be a dossier code: the agency, the day and the number, e.g. 00004-261201-0001."];
        }

        if (Digits is null || !FourDigits().IsMatch(Digits))
        {
            errors["digits"] = ["Must be the last 4 digits of the applicant's personal ID (CCCD)."];
        }

        return errors.Count == 0;
    }

    [GeneratedRegex(@"^[0-9A-Za-z.]{1,32}-[0-9]{6}-[0-9]{4}$")]
    private static partial Regex DossierCode();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}

/// <summary>
/// The public lookup by dossier code, proven by the last four digits of the applicant's personal ID (CCCD). Guessing
/// the digits is bounded per code (from any number of addresses) and per client address (<see cref="DossierRateLimits"/>).
/// </summary>
internal static class LookupApi
{
    public static IEndpointRouteBuilder MapLookupApi(this IEndpointRouteBuilder endpoints)
    {
        var lookup = endpoints.MapGroup("/api/dossiers/lookup").WithTags("Dossier lookup").AllowAnonymous();
        lookup.MapGet("/", LookUpDossier).RequireRateLimiting(DossierRateLimits.LookupPerCode).WithName("LookUpDossier")
            .WithSummary("Where a dossier stands, by its code and the last 4 digits of the applicant's personal ID; nothing personal is answered.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    internal static async Task<Results<Ok<DossierLookup>, ProblemHttpResult, ValidationProblem>> LookUpDossier(
        [AsParameters] DossierLookupQuery query, DossierQueries queries, CancellationToken cancellationToken)
    {
        if (!query.TryValidate(out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The lookup is invalid.");
        }

        // An unknown code and wrong digits answer alike, so the answer never tells which was wrong.
        return await queries.FindByCodeAsync(query.Code!, cancellationToken) is { } dossier && ProvenBy(dossier.ApplicantId, query.Digits!)
            ? TypedResults.Ok(new DossierLookup(dossier.Code, dossier.ProcedureCode, dossier.StatusCode, dossier.ReceivedAt, dossier.DueAt, dossier.Deadline, dossier.Agency))
            : TypedResults.Problem(
                title: "No dossier matches this code and these digits.", detail: "Check the code on the receipt and the last 4 digits of the applicant's personal ID.",
                statusCode: StatusCodes.Status404NotFound);
    }

    private static bool ProvenBy(string applicantId, string digits) =>
        applicantId.Length >= digits.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(applicantId[^digits.Length..]), Encoding.ASCII.GetBytes(digits));
}
