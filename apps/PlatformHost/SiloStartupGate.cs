using HanoiEgov.BuildingBlocks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Polly;
using StackExchange.Redis;

namespace HanoiEgov.PlatformHost;

/// <summary>
/// Holds the silo's start until Redis (its membership table) answers, retrying with backoff instead of failing
/// the process; meanwhile the web server is already up and <c>/health</c> says why the host is not ready.
/// </summary>
internal sealed partial class SiloStartupGate(
    [FromKeyedServices(Extensions.RedisConnectionName)] IConnectionMultiplexer redis,
    ILogger<SiloStartupGate> logger) : ILifecycleParticipant<ISiloLifecycle>, IHealthCheck
{
    private volatile string? waitingFor = "the Orleans silo has not started";

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(SiloStartupGate), ServiceLifecycleStage.First, WaitForRedisAsync);
        lifecycle.Subscribe(nameof(SiloStartupGate), ServiceLifecycleStage.Active, _ =>
        {
            waitingFor = null;
            return Task.CompletedTask;
        });
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(waitingFor is { } reason ? HealthCheckResult.Unhealthy($"Waiting: {reason}.") : HealthCheckResult.Healthy());

    private async Task WaitForRedisAsync(CancellationToken cancellationToken)
    {
        var retry = StartupRetry.UntilAvailable;
        retry.OnRetry = attempt =>
        {
            waitingFor = $"Redis does not answer ({attempt.Outcome.Exception?.Message})";
            LogRedisUnavailable(attempt.AttemptNumber + 1, attempt.RetryDelay);
            return ValueTask.CompletedTask;
        };
        await new ResiliencePipelineBuilder().AddRetry(retry).Build()
            .ExecuteAsync(async _ => await redis.GetDatabase().PingAsync(), cancellationToken);
        waitingFor = "the Orleans silo is joining its cluster";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis not reachable before the silo starts (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogRedisUnavailable(int attempt, TimeSpan delay);
}
