namespace HanoiEgov.PortalShell;

/// <summary>Where a portal may send the browser back to: a path of its own, never another site.</summary>
public static class LocalUrl
{
    public static string OrDefault(string? url, string fallback) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : fallback;
}
