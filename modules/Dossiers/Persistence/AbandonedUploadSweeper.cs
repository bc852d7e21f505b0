using HanoiEgov.BuildingBlocks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// Every hour, deletes uploads no submission or supplement took within <c>Dossiers:UploadLifetime</c> (default one
/// day), so abandoned personal documents are not kept. Replicas may sweep at once: the delete is idempotent.
/// </summary>
internal sealed partial class AbandonedUploadSweeper(
    AttachmentStore attachments,
    DatabaseReadiness database,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lifetime = configuration.GetValue("Dossiers:UploadLifetime", DefaultLifetime);
        await database.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                if (await attachments.DeleteAbandonedAsync(lifetime, stoppingToken) is > 0 and var deleted)
                {
                    LogDeleted(deleted, lifetime);
                }
            }
            catch (NpgsqlException exception)
            {
                LogFailed(exception.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} upload(s) no dossier took within {Lifetime}")]
    private partial void LogDeleted(int count, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete abandoned uploads this hour: {Reason}")]
    private partial void LogFailed(string reason);
}
