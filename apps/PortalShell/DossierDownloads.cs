using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HanoiEgov.PortalShell;

/// <summary>
/// A dossier's documents, forms and signed results, downloaded through the portal with the user's token: the portal
/// path is the API's path without <c>/api</c>, and the platform decides who may read what (anyone else: not found);
/// an interlinked dossier's receipt (form 01) too.
/// </summary>
internal static class DossierDownloads
{
    public static IEndpointRouteBuilder MapDossierDownloads(this IEndpointRouteBuilder endpoints)
    {
        var downloads = endpoints.MapGroup("/dossiers/{id:guid}").RequireAuthorization().ExcludeFromDescription();
        downloads.MapGet("/attachments/{attachmentId:guid}", (HttpContext http, PlatformApi api) => RelayAsync(http, api)).WithName("DownloadAttachment");
        downloads.MapGet("/forms/{form:regex(^0[1-6]$)}", (HttpContext http, PlatformApi api) => RelayAsync(http, api)).WithName("DownloadForm");
        downloads.MapGet("/results/{resultId:guid}/content", (HttpContext http, PlatformApi api) => RelayAsync(http, api)).WithName("DownloadResult");
        downloads.MapGet("/results/{resultId:guid}/signature", (HttpContext http, PlatformApi api) => RelayAsync(http, api)).WithName("DownloadResultSignature");
        endpoints.MapGet("/interlinked/{id:guid}/forms/01", (HttpContext http, PlatformApi api) => RelayAsync(http, api))
            .RequireAuthorization().ExcludeFromDescription().WithName("DownloadInterlinkedReceipt");
        return endpoints;
    }

    private static async Task<IResult> RelayAsync(HttpContext http, PlatformApi api)
    {
        var path = http.Request.Path.Value!;
        var apiPath = path.EndsWith("/content", StringComparison.Ordinal) || path.EndsWith("/signature", StringComparison.Ordinal) || path.Contains("/forms/", StringComparison.Ordinal)
            ? $"/api{path}"
            : $"/api{path}/content";
        var (response, status) = await api.DownloadAsync(apiPath);
        if (response is null)
        {
            return Results.StatusCode((int)status == 409 ? StatusCodes.Status404NotFound : (int)status);
        }

        http.Response.RegisterForDispose(response);
        var content = response.Content;
        var type = content.Headers.ContentType?.MediaType;
        if (http.Request.Query["view"] == "inline" && type is "application/pdf" or "image/jpeg" or "image/png")
        {
            // Read in the browser's own viewer, never run: the document may be anything its sender made it.
            http.Response.Headers.ContentDisposition = "inline";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (type != "application/pdf")
            {
                // Chromium's PDF viewer will not open in a sandboxed document; an image needs nothing more.
                http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'";
            }
        }
        else if (content.Headers.ContentDisposition is { } disposition)
        {
            http.Response.Headers.ContentDisposition = disposition.ToString();
        }

        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Stream(await content.ReadAsStreamAsync(http.RequestAborted), content.Headers.ContentType?.ToString() ?? "application/octet-stream");
    }
}
