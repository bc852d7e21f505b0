using HanoiEgov.Modules.Dossiers.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>The city's deadline clock: one Orleans reminder that, at each tick, has every dossier whose time has come look at its deadline.</summary>
[Alias("HanoiEgov.Dossiers.IDeadlineWatchGrain")]
internal interface IDeadlineWatchGrain : IGrainWithIntegerKey
{
    [Alias("Start")]
    Task StartAsync();
}

/// <summary>
/// Reads the dossiers whose next deadline check has come (an index of open dossiers by that time, kept in each
/// dossier's transaction) and asks each dossier's grain to record what it is owed. One reminder for the city instead of
/// one per open dossier: nothing is written to Redis per submission, and an hourly tick wakes only the dossiers that
/// cross a threshold, not every open one.
/// </summary>
internal sealed partial class DeadlineWatchGrain(
    DossierEventStore store, DeadlineClock deadlineClock, TimeProvider clock, IGrainFactory grains, ILogger<DeadlineWatchGrain> logger)
    : Grain, IDeadlineWatchGrain, IRemindable
{
    /// <summary>Dossiers read per query; a tick reads until fewer come back.</summary>
    public const int Batch = 500;

    private const int AtOnce = 16;

    public Task StartAsync() => this.RegisterOrUpdateReminder(DeadlineClock.ReminderName, deadlineClock.CheckEvery, deadlineClock.CheckEvery);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        List<Guid> owed;
        var seen = new HashSet<Guid>();
        var failed = 0;
        do
        {
            // Each look moves the dossier's check time on; one that could not (a failed write) is passed over until the
            // next tick, so it never holds up the dossiers behind it.
            owed = await store.DeadlineChecksDueAsync(clock.GetUtcNow(), Batch, [.. seen], CancellationToken.None);
            seen.UnionWith(owed);
            foreach (var chunk in owed.Chunk(AtOnce))
            {
                var looks = await Task.WhenAll(chunk.Select(LookAsync));
                failed += looks.Count(ok => !ok);
            }
        }
        while (owed.Count == Batch);

        await store.RecordDeadlineTickAsync(new DeadlineTick(clock.GetUtcNow(), seen.Count, failed), CancellationToken.None);
    }

    private async Task<bool> LookAsync(Guid id)
    {
        try
        {
            await grains.GetGrain<IDossierGrain>(id).CheckDeadlineAsync();
            return true;
        }
        catch (Exception exception)
        {
            LogLookFailed(exception, id);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Error, "The deadline watch could not look at dossier {DossierId}; it is looked at again next tick.")]
    private partial void LogLookFailed(Exception exception, Guid dossierId);
}

/// <summary>One tick of the deadline watch: when it ended, how many dossiers it looked at, how many of those looks failed.</summary>
internal sealed record DeadlineTick(DateTimeOffset At, int Looked, int Failed);

/// <summary>
/// Healthy while the watch ticks: its last tick is at most two periods old (or the host is younger than that). A
/// watch that stopped, or ticks whose looks fail, is degraded: reported, without taking the replica out of service.
/// </summary>
internal sealed class DeadlineWatchHealthCheck(DossierEventStore store, DeadlineClock deadlineClock, TimeProvider clock) : IHealthCheck
{
    private readonly DateTimeOffset started = clock.GetUtcNow();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Judge(await store.LastDeadlineTickAsync(cancellationToken), started, clock.GetUtcNow(), deadlineClock.CheckEvery);

    internal static HealthCheckResult Judge(DeadlineTick? last, DateTimeOffset started, DateTimeOffset now, TimeSpan every)
    {
        var data = new Dictionary<string, object>();
        if (last is not null)
        {
            data["lastTickAt"] = last.At;
            data["looked"] = last.Looked;
            data["failed"] = last.Failed;
        }

        var late = now - 2 * every;
        return (last?.At ?? started) < late
            ? HealthCheckResult.Degraded(last is null ? "The deadline watch has not ticked yet." : $"The deadline watch last ticked at {last.At:O}.", data: data)
            : last is { Failed: > 0 }
                ? HealthCheckResult.Degraded($"The deadline watch's last tick could not look at {last.Failed} of {last.Looked} dossiers.", data: data)
                : HealthCheckResult.Healthy(last is null ? "The deadline watch has not ticked yet." : $"The deadline watch last ticked at {last.At:O}.", data);
    }
}

/// <summary>Registers the deadline watch's reminder once the silo can take grain calls (idempotent: every replica does it).</summary>
internal sealed partial class DeadlineWatchStarter(IGrainFactory grains, ILogger<DeadlineWatchStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IDeadlineWatchGrain>(0).StartAsync();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogNotYet(exception.Message);
                // Real time, not the platform's clock: this waits for the silo, not for a date.
                await Task.Delay(RetryEvery, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "The deadline watch could not start yet ({Reason}); trying again.")]
    private partial void LogNotYet(string reason);
}
