using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace HanoiEgov.PortalShell.Drafts;

/// <summary>A document uploaded to the platform (staged) for a draft, by the procedure's document code.</summary>
public sealed record DraftDocument(string DocumentCode, Guid AttachmentId, string FileName, long Size);

/// <summary>The applicant a clerk registers at the counter, and the population registry's lookup id when the registry confirmed the details.</summary>
public sealed record DraftApplicant(string PersonalId, string FullName, string? LookupId);

/// <summary>
/// What a user has done so far in a submission, a counter registration or a supplement: the receiving agency, the
/// applicant (at the counter), the documents already uploaded, the idempotency key every try sends, and the dossier
/// once it exists.
/// </summary>
public sealed record Draft(string Owner, string Scope, string? Agency, IReadOnlyList<DraftDocument> Documents, string Key, Guid? DossierId, DraftApplicant? Applicant = null)
{
    public static Draft Start(string owner, string scope) => new(owner, scope, null, [], Guid.NewGuid().ToString("N"), null);

    public DraftDocument? Document(string code) => Documents.FirstOrDefault(document => document.DocumentCode == code);

    public Draft With(DraftDocument document) =>
        this with { Documents = [.. Documents.Where(kept => kept.DocumentCode != document.DocumentCode), document] };
}

/// <summary>
/// Drafts kept in the browser, encrypted and signed by the portal, one cookie per procedure or dossier: they survive
/// a session that expires mid-way, a restart of the portal and another replica, and belong to one user only.
/// </summary>
public sealed class DraftCookies(IDataProtectionProvider protection, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly IDataProtector protector = protection.CreateProtector("HanoiEgov.PortalShell.Drafts");

    public Draft? Read(HttpContext http, string scope, string owner)
    {
        if (!http.Request.Cookies.TryGetValue(Name(scope), out var value))
        {
            return null;
        }

        try
        {
            var draft = JsonSerializer.Deserialize<Draft>(protector.Unprotect(value));
            return draft is not null && draft.Owner == owner && draft.Scope == scope ? draft : null;
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Write(HttpContext http, Draft draft) =>
        http.Response.Cookies.Append(Name(draft.Scope), protector.Protect(JsonSerializer.Serialize(draft)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/",
            Expires = clock.GetUtcNow().Add(Lifetime),
        });

    public static void Delete(HttpContext http, string scope) => http.Response.Cookies.Delete(Name(scope), new CookieOptions { Path = "/" });

    private static string Name(string scope) => $"draft-{scope.Replace('.', '-')}";
}
