namespace HanoiEgov.Modules.Dossiers;

/// <summary>Checks an uploaded file for malware before it is kept. Replace it with a real scanner in production.</summary>
public interface IVirusScanner
{
    /// <summary>The threat found, or null when the file is clean.</summary>
    Task<string?> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}

/// <summary>An uploaded document as the API lists it.</summary>
public sealed record AttachmentInfo(Guid Id, string? DocumentCode, string FileName, string ContentType, long Size, string Sha256);

/// <summary>A document the submission attaches, by the procedure's document code.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.AttachedDocument")]
public sealed record AttachedDocument([property: Id(0)] string DocumentCode, [property: Id(1)] Guid AttachmentId);
