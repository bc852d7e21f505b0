using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary><c>Dossiers:Uploads</c>: how much one user may keep staged (uploaded, not yet attached to a dossier).</summary>
internal sealed class UploadQuotaOptions
{
    public const string SectionName = "Dossiers:Uploads";

    /// <summary>Staged files per user; the upload beyond them is refused until some are submitted or swept.</summary>
    [Range(1, 10_000)]
    public int MaxStagedFiles { get; set; } = 20;

    /// <summary>Staged megabytes per user, the new file included.</summary>
    [Range(1, 100_000)]
    public int MaxStagedMegabytes { get; set; } = 100;

    public static void Add(IServiceCollection services) =>
        services.AddOptions<UploadQuotaOptions>().BindConfiguration(SectionName).ValidateDataAnnotations().ValidateOnStart();
}

/// <summary>
/// Reads the multipart field <c>file</c> of an upload while it arrives, never more than the size limit: the
/// request body is cut off past it (Kestrel's per-request <see cref="IHttpMaxRequestBodySizeFeature"/>, and a
/// counting stream under the form reader for servers without one), so an oversize upload costs a buffer, not its size.
/// </summary>
internal static class UploadedFiles
{
    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    private const long FormOverhead = 64 * 1024;

    /// <summary>The file and its bytes, or the problem (400, or 413 when it is larger than <paramref name="maxSize"/>), naming <c>file</c>.</summary>
    public static async Task<(IFormFile? File, byte[] Content, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxSize, CancellationToken cancellationToken)
    {
        var limit = maxSize + FormOverhead;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, [], TooLarge(maxSize));
        }

        if (!request.HasFormContentType)
        {
            return (null, [], Invalid("Send the document as the multipart field 'file'."));
        }

        request.Body = new LimitedReadStream(request.Body, limit);
        try
        {
            var file = (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
            if (file is null)
            {
                return (null, [], Invalid("Send the document as the multipart field 'file'."));
            }

            if (file.Length > maxSize)
            {
                return (file, [], TooLarge(maxSize));
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            return (file, buffer.ToArray(), null);
        }
        catch (Exception exception) when (exception is UploadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, [], TooLarge(maxSize));
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, [], Invalid("The request is not a readable multipart form with the field 'file'."));
        }
    }

    /// <summary>
    /// Whether the bytes begin as the declared type's files do: PDF <c>%PDF-</c>, JPEG <c>FF D8 FF</c>, PNG
    /// <c>89 50 4E 47 0D 0A 1A 0A</c>. An executable or a web page under a document's type is not one.
    /// </summary>
    public static bool LooksLike(string contentType, ReadOnlySpan<byte> content) => contentType.ToLowerInvariant() switch
    {
        "application/pdf" => content.StartsWith("%PDF-"u8),
        "image/jpeg" => content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/png" => content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        _ => false,
    };

    public static ProblemHttpResult Invalid(string problem, string title = "The document was not accepted.") => Refused(StatusCodes.Status400BadRequest, title, problem);

    private static ProblemHttpResult TooLarge(long maxSize) => Refused(
        StatusCodes.Status413PayloadTooLarge, "The document is too large.",
        $"Tệp vượt quá {maxSize / (1024 * 1024)} MB; hãy gửi tệp nhỏ hơn. (The file is larger than {maxSize / (1024 * 1024)} MB.)");

    /// <summary>Problem details naming <c>file</c>, as the field and in <c>errors</c>, as validation problems do.</summary>
    public static ProblemHttpResult Refused(int status, string title, string problem) => TypedResults.Problem(
        title: title, detail: problem, statusCode: status,
        extensions: new Dictionary<string, object?> { ["field"] = "file", ["errors"] = new Dictionary<string, string[]> { ["file"] = [problem] } });

    private sealed class UploadTooLargeException() : IOException("The request body is larger than the upload limit.");

    /// <summary>Reads through to the request body and throws once more than the limit has arrived.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int count)
        {
            read += count;
            return read > limit ? throw new UploadTooLargeException() : count;
        }
    }
}
