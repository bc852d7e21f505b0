namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>The <c>Dossiers:Anchoring</c> section. Anchoring is on when <see cref="Directory"/> is set.</summary>
internal sealed class AnchoringOptions
{
    public const string Section = "Dossiers:Anchoring";

    /// <summary>Where anchors (<c>anchors/</c>), the platform's certificates (<c>certificates/</c>) and, by default, its key live.</summary>
    public string Directory { get; set; } = "";

    /// <summary>How often the heads changed since the last anchor are anchored.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The platform's signing key and certificate (one PEM file); generated there at first start when missing.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The RFC 3161 time-stamping authority (HTTP POST of <c>application/timestamp-query</c>).</summary>
    public Uri? TsaUrl { get; set; }

    /// <summary>
    /// PEM files of the roots the TSA's certificate must chain to. Read when anchors are verified, not at start: the
    /// sandbox writes its root on its own first start, which the platform does not wait for.
    /// </summary>
    public List<string> TsaTrustedRoots { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Directory);

    public string AnchorsDirectory => Path.Combine(Directory, "anchors");

    public string CertificatesDirectory => Path.Combine(Directory, "certificates");

    public string EffectiveKeyPath => string.IsNullOrWhiteSpace(KeyPath) ? Path.Combine(Directory, "platform-key.pem") : KeyPath;

    /// <summary>Names each setting that anchoring needs and is missing or wrong.</summary>
    public IEnumerable<string> Problems()
    {
        if (TsaUrl is null || !TsaUrl.IsAbsoluteUri)
        {
            yield return $"{Section}:TsaUrl must be the absolute URL of an RFC 3161 time-stamping authority.";
        }

        if (TsaTrustedRoots.Count == 0)
        {
            yield return $"{Section}:TsaTrustedRoots must name at least one PEM file of a root the TSA's certificate chains to.";
        }

        if (Interval <= TimeSpan.Zero)
        {
            yield return $"{Section}:Interval must be positive.";
        }
    }
}
