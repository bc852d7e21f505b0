using System.Security.Claims;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Modules.Dossiers.Interlinked;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>A viewer's request for one of a dossier's forms 01 to 06, with what printing it needs.</summary>
internal sealed record GetDossierFormRequest(
    Guid Id, string Form, ClaimsPrincipal User, DossierAccess Access, DossierEventStore Store, FormQueries Forms, IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies, InterlinkedStore Interlinked, TimeProvider Clock, CancellationToken CancellationToken)
{
    /// <summary>False, with the error, unless <see cref="Form"/> is one of the forms a dossier prints (01 to 06).</summary>
    public bool TryValidate(out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (!DossierForms.Titles.ContainsKey(Form))
        {
            errors["form"] = ["Must be one of 01 to 06; the tracking ledger (07) is GET /api/agencies/{agency}/ledger."];
        }

        return errors.Count == 0;
    }
}

/// <summary>A viewer's request for an interlinked dossier's receipt (form 01), with what printing it needs.</summary>
internal sealed record GetInterlinkedReceiptRequest(
    Guid Id, ClaimsPrincipal User, InterlinkedStore Interlinked, DossierQueries Dossiers, DossierEventStore Store, FormQueries Forms, IProcedureCatalogue Catalogue,
    IAgencyDirectory Agencies, TimeProvider Clock, CancellationToken CancellationToken);

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
        // The applicant or an official of the receiving commune, as for the interlinked dossier itself.
        endpoints.MapGet("/api/interlinked/{id:guid}/forms/01", GetInterlinkedReceipt).RequireAuthorization().WithTags("Forms").WithName("GetInterlinkedReceipt")
            .WithSummary("An interlinked dossier's receipt (form 01) as PDF: the whole's code, every part with who decides it and its time limit, and the whole's due time.")
            .Produces<Stream>(StatusCodes.Status200OK, Pdf)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetInterlinkedReceipt([AsParameters] GetInterlinkedReceiptRequest request)
    {
        var cancellationToken = request.CancellationToken;
        // The commune part's dossier exists from submission (its id is the part's reference): the receipt does too.
        if (await request.Interlinked.FindAsync(request.Id, cancellationToken) is not { Dossier: var whole } || !InterlinkedApi.Sees(request.User, whole)
            || !Guid.TryParse(whole.CommunePart.Reference, out var partId) || await request.Dossiers.FindAsync(partId, cancellationToken) is not { } part)
        {
            return InterlinkedApi.NotFound(request.Id);
        }

        var context = new FormContext(
            part,
            await request.Store.ReadAsync(part.Id, cancellationToken),
            request.Catalogue.Find(part.ProcedureCode),
            FormAgency.Of(part.Agency, request.Agencies.Find(part.Agency)),
            await request.Forms.DocumentsAsync(part.Id, cancellationToken),
            request.Clock.GetUtcNow(),
            part.Transferred ? FormAgency.Of(part.ReceivingAgency!, request.Agencies.Find(part.ReceivingAgency!)) : null,
            WholeOf(whole, request.Catalogue));
        return Printed(() => DossierForms.InterlinkedReceipt(context), $"{whole.Code}-mau-01.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetDossierForm([AsParameters] GetDossierFormRequest request)
    {
        if (!request.TryValidate(out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "No such form.");
        }

        var (id, form, cancellationToken) = (request.Id, request.Form, request.CancellationToken);
        if (await request.Access.VisibleAsync(id, request.User, cancellationToken) is not { } dossier)
        {
            return DossierAccess.NotFound(id);
        }

        var context = new FormContext(
            dossier,
            await request.Store.ReadAsync(id, cancellationToken),
            request.Catalogue.Find(dossier.ProcedureCode),
            FormAgency.Of(dossier.Agency, request.Agencies.Find(dossier.Agency)),
            await request.Forms.DocumentsAsync(id, cancellationToken),
            request.Clock.GetUtcNow(),
            dossier.Transferred ? FormAgency.Of(dossier.ReceivingAgency!, request.Agencies.Find(dossier.ReceivingAgency!)) : null,
            form == "01" ? await WholeOfAsync(request, id) : null);
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

    /// <summary>The interlinked dossier whose commune part this is, if any.</summary>
    private static async Task<InterlinkedWhole?> WholeOfAsync(GetDossierFormRequest request, Guid id) =>
        await request.Interlinked.OfCommunePartAsync(id, request.CancellationToken) is { Dossier: var whole } ? WholeOf(whole, request.Catalogue) : null;

    /// <summary>The whole as its receipts print it, its time limits from the group's catalogue version it was received under.</summary>
    private static InterlinkedWhole WholeOf(InterlinkedSnapshot whole, IProcedureCatalogue catalogue)
    {
        var group = catalogue.Find(whole.GroupCode);
        var version = group?.Versions.SingleOrDefault(candidate => candidate.Version == whole.GroupVersion);
        var limits = version?.Parts?.ToDictionary(part => part.Key, part => part.Processing) ?? [];
        return new InterlinkedWhole(whole.Code, whole.GroupCode, group?.Name ?? whole.GroupCode, version?.Processing, whole.ReceivedAt, whole.DueAt,
            [.. whole.Parts.Select(part => new InterlinkedPartLine(part.Name, part.ProcedureCode, part.DecidedBy, limits.GetValueOrDefault(part.Key)))]);
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
