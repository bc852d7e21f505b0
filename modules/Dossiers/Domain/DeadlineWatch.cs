using HanoiEgov.Modules.Dossiers.Persistence;
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
internal sealed class DeadlineWatchGrain(DossierEventStore store, DeadlineClock deadlineClock, TimeProvider clock, IGrainFactory grains)
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
        do
        {
            owed = await store.DeadlineChecksDueAsync(clock.GetUtcNow(), Batch, CancellationToken.None);
            // Each look moves the dossier's check time on; one that could not (a failed write) waits for the next tick.
            var fresh = owed.Where(seen.Add).ToList();
            foreach (var chunk in fresh.Chunk(AtOnce))
            {
                await Task.WhenAll(chunk.Select(id => grains.GetGrain<IDossierGrain>(id).CheckDeadlineAsync()));
            }

            if (fresh.Count == 0)
            {
                return;
            }
        }
        while (owed.Count == Batch);
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
