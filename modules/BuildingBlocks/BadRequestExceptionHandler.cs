using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace HanoiEgov.BuildingBlocks;

/// <summary>
/// A body or parameter the framework cannot read (malformed JSON, a broken multipart form) is the caller's error:
/// its 4xx with problem details, not the 500 the exception handler would otherwise answer in Development.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = badRequest.Message,
            },
        });
    }
}
