using HanoiEgov.BuildingBlocks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HanoiEgov.Modules.Procedures.Persistence;

/// <summary>
/// Keeps this replica's calendar equal to PostgreSQL's: loads the stored years once the schema is ready, then
/// listens on the calendar channel and reloads on every notification. After a lost connection it loads everything
/// again, so a notification missed meanwhile changes nothing.
/// </summary>
internal sealed partial class CalendarSync(
    NpgsqlDataSource dataSource,
    WorkingCalendar calendar,
    DatabaseReadiness database,
    ILogger<CalendarSync> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private const string Listen = $"LISTEN {CalendarStore.Channel}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var reload = 1;
                connection.Notification += (_, _) => Interlocked.Exchange(ref reload, 1);
                await using (var listen = new NpgsqlCommand(Listen, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    if (Interlocked.Exchange(ref reload, 0) == 1)
                    {
                        var years = await CalendarStore.LoadAsync(connection, stoppingToken);
                        years.ForEach(calendar.Put);
                        LogLoaded(years.Count);
                    }

                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                LogLost(exception.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Working calendar: {Count} year(s) loaded from the database")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Working calendar: lost the database ({Reason}); listening again in {Delay}")]
    private partial void LogLost(string reason, TimeSpan delay);
}
