using HanoiEgov.VendorSandbox.Timestamping;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.VendorSandbox.Apis;

/// <summary>The TSA face: RFC 3161 over HTTP (§3.4), and its CA's certificates for verifiers to trust.</summary>
internal static class TimestampApi
{
    public const string QueryType = "application/timestamp-query";
    public const string ReplyType = "application/timestamp-reply";

    /// <summary>A TimeStampReq is a few hundred bytes; anything much larger is not one.</summary>
    private const int MaxQuerySize = 16 * 1024;

    public static IEndpointRouteBuilder MapTimestampApi(this IEndpointRouteBuilder app)
    {
        var tsa = app.MapGroup($"/{TimestampAuthority.Face}").WithTags("TSA").AllowAnonymous();
        tsa.MapPost("/", Timestamp).WithSandboxLatency().WithName("Timestamp");
        tsa.MapGet("/ca/root.pem", (TimestampAuthority authority) => TypedResults.Text(SandboxCommon.Pem(authority.Authority.Root), "application/x-pem-file"));
        tsa.MapGet("/ca/issuing.pem", (TimestampAuthority authority) => TypedResults.Text(SandboxCommon.Pem(authority.Authority.Issuing), "application/x-pem-file"));
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Timestamp(HttpRequest request, TimestampAuthority authority, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType, QueryType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                title: "Send a TimeStampReq.", detail: $"The content type must be {QueryType}.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                extensions: new Dictionary<string, object?> { ["field"] = "Content-Type" });
        }

        using var body = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxQuerySize)
            {
                return TypedResults.Problem(
                    title: "The request is too large for a TimeStampReq.", statusCode: StatusCodes.Status413PayloadTooLarge,
                    extensions: new Dictionary<string, object?> { ["field"] = "body" });
            }

            body.Write(buffer, 0, read);
        }

        // RFC 3161 answers a refused request with a TimeStampResp too, so a client reads why.
        return TypedResults.File(authority.Respond(body.ToArray()), ReplyType);
    }
}
