using System.Security.Claims;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>The one-stop forms of Circular 03/2025/TT-VPCP as PDF: 01 to 06 per dossier (07, the agency's ledger, is <see cref="LedgerApi"/>).</summary>
internal static class FormsApi
{
    internal const string Pdf = "application/pdf";

    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder endpoints)
    {
        // The applicant or an official of the handling agency, as for the dossier itself; anyone else is told it does not exist.
        var forms = endpoints.MapGroup("/api/dossiers/{id:guid}/forms").WithTags("Forms").RequireAuthorization();
        forms.MapGet("/{form}", GetDossierForm).WithName("GetDossierForm")
            .WithSummary("A dossier's one-stop form as PDF: 01 receipt, 02 supplement request, 03 refusal, 04 apology and extension, 05 stop notice, 06 control slip.")
            .Produces<Stream>(StatusCodes.Status200OK, Pdf)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetDossierForm(
        Guid id, string form, ClaimsPrincipal user, DossierAccess access, DossierEventStore store, FormQueries forms,
        IProcedureCatalogue catalogue, IAgencyDirectory agencies, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!DossierForms.Titles.ContainsKey(form))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["form"] = ["Must be one of 01 to 06; the tracking ledger (07) is GET /api/agencies/{agency}/ledger."] },
                title: "No such form.");
        }

        if (await access.VisibleAsync(id, user, cancellationToken) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
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

    /// <summary>The rendered PDF, or a 503 when this server lacks the fonts forms are printed in.</summary>
    internal static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> Printed(Func<byte[]> render, string fileName)
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
