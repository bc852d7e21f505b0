using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.BuildingBlocks;

/// <summary>
/// A request that fails because PostgreSQL, Redis or the Orleans cluster is momentarily out of reach is the
/// caller's to retry, not a server bug: it gets 503 problem details with Retry-After, never a bare 500. Any other
/// database error (a constraint, a missing table, a bad statement) is a bug: it is left to the default handler,
/// which logs it as an error and answers 500 problem details with the trace id.
/// </summary>
internal sealed partial class TransientDependencyExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<TransientDependencyExceptionHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A platform dependency is temporarily unavailable.",
                Detail = "The request was not carried out. Retry it shortly.",
            },
        });
    }

    internal static bool IsTransient(Exception exception) => exception switch
    {
        // Npgsql marks connection, I/O, timeout and availability failures (08, 53, 57P0x, 58 classes) transient.
        DbException database => database.IsTransient || database.InnerException is { } cause && IsTransient(cause),
        TimeoutException or OrleansException => true,
        { InnerException: { } inner } => IsTransient(inner),
        _ => exception.GetType().FullName?.StartsWith("StackExchange.Redis.Redis", StringComparison.Ordinal) == true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request failed on an unavailable dependency ({ExceptionType}): {Reason}")]
    private partial void LogUnavailable(string exceptionType, string reason);
}
