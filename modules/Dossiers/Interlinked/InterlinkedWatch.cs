using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>
/// Has every open interlinked dossier whose look has come take the step it is owed. The dossiers' next look times are
/// in the database, so a silo that dies mid-step leaves its dossiers to the replicas' watches: each asks the grain,
/// which runs in one activation in the cluster and repeats nothing it recorded.
/// </summary>
internal sealed partial class InterlinkedWatch(
    InterlinkedStore store, IGrainFactory grains, TimeProvider clock, InterlinkedOptions options, ILogger<InterlinkedWatch> logger) : BackgroundService
{
    private const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the platform's clock: the watch paces its own work.
        using var timer = new PeriodicTimer(options.PollEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var due = await store.ChecksDueAsync(clock.GetUtcNow(), Batch, stoppingToken);
                foreach (var chunk in due.Chunk(16))
                {
                    await Task.WhenAll(chunk.Select(LookAsync));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogTickFailed(exception);
            }
        }
    }

    private async Task LookAsync(Guid id)
    {
        try
        {
            await grains.GetGrain<IInterlinkedGrain>(id).AdvanceAsync();
        }
        catch (Exception exception)
        {
            LogLookFailed(exception, id);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The interlinked watch could not read the dossiers owed a look; it tries again next tick.")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "The interlinked watch could not advance interlinked dossier {DossierId}; it is looked at again next tick.")]
    private partial void LogLookFailed(Exception exception, Guid dossierId);
}
