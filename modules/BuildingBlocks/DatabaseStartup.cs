using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace HanoiEgov.BuildingBlocks;

/// <summary>Completes once every module's schema is in place; modules await it before touching their tables.</summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => completion.Task.IsCompletedSuccessfully;

    public string? LastError { get; internal set; }

    public Task WaitAsync(CancellationToken cancellationToken) => completion.Task.WaitAsync(cancellationToken);

    internal void MarkReady() => completion.TrySetResult();
}

/// <summary>
/// Migrates the database in the background, retrying with capped exponential backoff, so a host that
/// starts before PostgreSQL keeps running, reports unhealthy, and becomes ready when PostgreSQL arrives.
/// </summary>
internal sealed partial class DatabaseStartupService(
    DatabaseMigrator migrator,
    DatabaseReadiness readiness,
    IEnumerable<IPlatformModule> modules,
    ILogger<DatabaseStartupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = StartupRetry.UntilAvailable;
        retry.OnRetry = attempt =>
        {
            readiness.LastError = attempt.Outcome.Exception?.Message;
            LogDatabaseUnavailable(attempt.AttemptNumber + 1, attempt.RetryDelay, attempt.Outcome.Exception?.Message);
            return ValueTask.CompletedTask;
        };
        var pipeline = new ResiliencePipelineBuilder().AddRetry(retry).Build();

        await pipeline.ExecuteAsync(async token => await migrator.MigrateAsync(modules, token), stoppingToken);
        readiness.LastError = null;
        readiness.MarkReady();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready (attempt {Attempt}); retrying in {Delay}: {Reason}")]
    private partial void LogDatabaseUnavailable(int attempt, TimeSpan delay, string? reason);
}

internal sealed class DatabaseReadinessHealthCheck(DatabaseReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("Schema is current.")
            : HealthCheckResult.Unhealthy($"Waiting for the database schema: {readiness.LastError ?? "migrating"}"));
}

/// <summary>The retry every start-up step uses while a dependency is not there yet: forever, backing off to 30 s.</summary>
public static class StartupRetry
{
    public static RetryStrategyOptions UntilAvailable => new()
    {
        ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => exception is not OperationCanceledException),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(30),
        MaxRetryAttempts = int.MaxValue,
    };
}
