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

/// <summary>
/// The public lookup by dossier code, proven by the last four digits of the applicant's personal ID (CCCD). Guessing
/// the digits is bounded per code (from any number of addresses) and per client address (<see cref="DossierRateLimits"/>).
/// </summary>
internal static partial class LookupApi
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
        [FromQuery] string? code, [FromQuery] string? digits, DossierQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (code is null || !DossierCode().IsMatch(code))
        {
            errors["code"] = ["Must be a dossier code: the agency, the day and the number, e.g. 00004-261201-0001."];
        }

        if (digits is null || !FourDigits().IsMatch(digits))
        {
            errors["digits"] = ["Must be the last 4 digits of the applicant's personal ID (CCCD)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The lookup is invalid.");
        }

        // An unknown code and wrong digits answer alike, so the answer never tells which was wrong.
        return await queries.FindByCodeAsync(code!, cancellationToken) is { } dossier && ProvenBy(dossier.ApplicantId, digits!)
            ? TypedResults.Ok(new DossierLookup(dossier.Code, dossier.ProcedureCode, dossier.StatusCode, dossier.ReceivedAt, dossier.DueAt, dossier.Deadline, dossier.Agency))
            : TypedResults.Problem(
                title: "No dossier matches this code and these digits.", detail: "Check the code on the receipt and the last 4 digits of the applicant's personal ID.",
                statusCode: StatusCodes.Status404NotFound);
    }

    private static bool ProvenBy(string applicantId, string digits) =>
        applicantId.Length >= digits.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(applicantId[^digits.Length..]), Encoding.ASCII.GetBytes(digits));

    [GeneratedRegex(@"^[0-9A-Za-z.]{1,32}-[0-9]{6}-[0-9]{4}$")]
    private static partial Regex DossierCode();

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex FourDigits();
}
