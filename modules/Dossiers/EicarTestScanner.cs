namespace HanoiEgov.Modules.Dossiers;

/// <summary>Recognises the EICAR anti-virus test file, the industry's harmless stand-in for malware.</summary>
internal sealed class EicarTestScanner : IVirusScanner
{
    private static readonly byte[] Signature = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE"u8.ToArray();

    public Task<string?> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        Task.FromResult(content.Span.IndexOf(Signature) >= 0 ? "EICAR-Test-File" : null);
}
