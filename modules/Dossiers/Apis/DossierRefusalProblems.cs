using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>The one place a dossier's <see cref="DossierRefusal"/> becomes an HTTP answer (RFC 9457 problem details).</summary>
internal static class DossierRefusalProblems
{
    /// <summary>
    /// The refusal as problem details naming its <c>field</c>, titled with its rule; an invalid field is also listed under
    /// <c>errors</c>, as the API's own validation does; a conflict carries the dossier's <c>currentVersion</c> and
    /// <c>currentStatus</c> (1–10), and, when the caller's version was stale, the <c>changes</c> recorded since (as
    /// <c>GET …/history</c> shows them); a refusal that passes with time writes its <c>Retry-After</c>.
    /// </summary>
    public static ProblemHttpResult Problem(DossierRefusal refusal, HttpContext http, IReadOnlyList<HistoryEntry>? changes = null)
    {
        if (refusal.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var extensions = new Dictionary<string, object?> { ["field"] = refusal.Field };
        if (refusal.Kind == RefusalKind.Invalid)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [refusal.Field] = [refusal.Rule] };
        }

        if (refusal.Current is { } current)
        {
            extensions["currentVersion"] = current.Version;
            extensions["currentStatus"] = current.StatusCode;
        }

        if (changes is not null)
        {
            extensions["changes"] = changes;
        }

        return TypedResults.Problem(title: refusal.Rule, statusCode: StatusOf(refusal.Kind), extensions: extensions);
    }

    private static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A refusal kind without an HTTP status."),
    };
}
