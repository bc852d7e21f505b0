using System.Globalization;
using HanoiEgov.CitizenPortal.Drafts;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;

namespace HanoiEgov.CitizenPortal;

/// <summary>Platform calls more than one citizen page makes.</summary>
internal static class CitizenCalls
{
    /// <summary>When a dossier of <paramref name="code"/> sent online now would be due.</summary>
    public static async Task<DueDate?> DueIfSentNowAsync(this PlatformApi api, string code, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        return (await api.GetAsync<DueDate>($"/api/procedures/{Uri.EscapeDataString(code)}/due-date?channel=online&receivedAt={Uri.EscapeDataString(now)}")).Value;
    }

    /// <summary>Checks a file as the document it is meant to be and stages it at the platform; the error names the document.</summary>
    public static async Task<(DraftDocument? Uploaded, string? Error)> UploadDocumentAsync(this PlatformApi api, IFormFile? file, RequiredDocument document)
    {
        if (UploadRules.Problem(file, document.Name) is { } problem)
        {
            return (null, problem);
        }

        var uploaded = await api.UploadAsync<Attachment>("/api/attachments", file!);
        return uploaded.Value is { } attachment
            ? (new DraftDocument(document.Code, attachment.Id, attachment.FileName, attachment.Size), null)
            : (null, $"{document.Name}: {ProblemText.For(uploaded.Problem!)}");
    }
}
