using System.Security.Claims;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>The one-stop forms of Circular 03/2025/TT-VPCP as PDF: 01 to 06 per dossier, 07 the agency's ledger.</summary>
internal static class FormsApi
{
    private const string Pdf = "application/pdf";
    private const int MaxLedgerDays = 366;

    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder endpoints)
    {
        // The applicant or an official of the handling agency, as for the dossier itself; anyone else is told it does not exist.
        endpoints.MapGet("/api/dossiers/{id:guid}/forms/{form}", DossierForm).WithTags("Forms").RequireAuthorization().WithName("GetDossierForm")
            .WithSummary("A dossier's one-stop form as PDF: 01 receipt, 02 supplement request, 03 refusal, 04 apology and extension, 05 stop notice, 06 control slip.")
            .Produces<Stream>(StatusCodes.Status200OK, Pdf)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Officials of that agency.
        endpoints.MapGet("/api/agencies/{agency}/ledger", Ledger).WithTags("Forms").RequireAuthorization(PlatformPolicies.Official).WithName("GetAgencyLedger")
            .WithSummary("Form 07, the agency's tracking ledger of dossiers received in [from, to), as PDF.")
            .Produces<Stream>(StatusCodes.Status200OK, Pdf)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> DossierForm(
        Guid id, string form, ClaimsPrincipal user, DossierQueries queries, DossierEventStore store, FormQueries forms,
        IProcedureCatalogue catalogue, IAgencyDirectory agencies, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!DossierForms.Titles.ContainsKey(form))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["form"] = ["Must be one of 01 to 06; the tracking ledger (07) is GET /api/agencies/{agency}/ledger."] },
                title: "No such form.");
        }

        if (await DossiersApi.FindVisibleAsync(id, user, queries) is not { } dossier)
        {
            return DossiersApi.NotFound(id);
        }

        var context = new FormContext(
            dossier,
            await store.ReadAsync(id, cancellationToken),
            catalogue.Find(dossier.ProcedureCode),
            FormAgency.Of(dossier.Agency, agencies.Find(dossier.Agency)),
            await forms.DocumentsAsync(id, cancellationToken),
            clock.GetUtcNow());
        if (DossierForms.Check(form, context.History) is { } notApplicable)
        {
            return TypedResults.Problem(
                title: $"Form {form} does not apply to this dossier.",
                detail: notApplicable.Explanation,
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["field"] = "form", ["rule"] = notApplicable.Rule });
        }

        return Printed(() => DossierForms.Render(form, context), $"{dossier.Code}-mau-{form}.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> Ledger(
        string agency, [FromQuery] string? from, [FromQuery] string? to, FormQueries forms, IProcedureCatalogue catalogue,
        IAgencyDirectory agencies, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var start = DossiersApi.ParseDay(from, "from", errors);
        var end = DossiersApi.ParseDay(to, "to", errors);
        if (errors.Count == 0 && (end <= start || end - start > TimeSpan.FromDays(MaxLedgerDays)))
        {
            errors["to"] = [$"Must be after 'from', at most {MaxLedgerDays} days later (the period is [from, to))."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The period is invalid.");
        }

        var entries = await forms.LedgerAsync(agency, start!.Value, end!.Value, cancellationToken);
        if (entries.Count > FormQueries.MaxLedgerEntries)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["to"] = [$"The period holds more than {FormQueries.MaxLedgerEntries} dossiers; ask for a shorter one."] },
                title: "The ledger would be too long.");
        }

        var firstDay = VietnamTime.DayOf(start.Value);
        var lastDay = VietnamTime.DayOf(end.Value).AddDays(-1);
        var issuer = FormAgency.Of(agency, agencies.Find(agency));
        return Printed(() => TrackingLedger.Render(issuer, firstDay, lastDay, entries, catalogue, clock.GetUtcNow()), $"so-theo-doi-{agency}-{firstDay:yyyyMMdd}.pdf");
    }

    private static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> Printed(Func<byte[]> render, string fileName)
    {
        try
        {
            return TypedResults.File(render(), Pdf, fileName);
        }
        catch (FormFontMissingException missing)
        {
            return TypedResults.Problem(title: "Forms cannot be printed on this server.", detail: missing.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
