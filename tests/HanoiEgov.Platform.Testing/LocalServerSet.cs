using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StackExchange.Redis;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Real PostgreSQL and Redis started through the same local-process code the AppHost uses, on a throwaway state
/// folder and free ports, ended on dispose. Each user takes a database of its own.
/// </summary>
internal sealed class LocalServerSet : IAsyncDisposable
{
    private readonly string[] postgresSettings;
    private ServerProcess? postgres;
    private ServerProcess? redis;

    private LocalServerSet(LocalPostgres postgres, LocalRedis redis, string stateDirectory, string postgresBinDirectory, string[] postgresSettings)
    {
        this.postgresSettings = postgresSettings;
        PostgresBinDirectory = postgresBinDirectory;
        Postgres = postgres;
        Redis = redis;
        StateDirectory = stateDirectory;
    }

    public string StateDirectory { get; }

    public LocalPostgres Postgres { get; }

    /// <summary>Where <c>postgres</c>, <c>psql</c> and <c>pgbench</c> are.</summary>
    public string PostgresBinDirectory { get; }

    public int PostgresPort => Postgres.Port;

    public string PostgresPassword => Postgres.Password;

    public LocalRedis Redis { get; }

    public string RedisConnectionString => Redis.ConnectionString;

    /// <summary>Starts both servers and returns once each answers; <paramref name="postgresSettings"/> go to PostgreSQL as <c>-c</c> options.</summary>
    public static async Task<LocalServerSet> StartAsync(string purpose, params string[] postgresSettings)
    {
        var servers = RequireLocalServers();
        var state = TestDirectories.Create(purpose);
        var set = new LocalServerSet(
            new LocalPostgres(servers.PostgresBinDirectory!, state, FreePort.Next()), new LocalRedis(servers.RedisServer!, state, FreePort.Next()), state, servers.PostgresBinDirectory!,
            postgresSettings);
        set.Postgres.EnsureInitialized();
        set.Redis.EnsureConfigured();
        await Task.WhenAll(set.StartPostgresAsync(), set.StartRedisAsync());
        return set;
    }

    /// <summary>
    /// Shuts PostgreSQL down the way an operator's restart does (SIGINT: fast shutdown, open connections are cut),
    /// keeping its data folder and port for <see cref="StartPostgresAsync"/>.
    /// </summary>
    public async Task StopPostgresAsync()
    {
        if (postgres is not null)
        {
            await postgres.InterruptAsync(TimeSpan.FromSeconds(30));
            postgres.Dispose();
            postgres = null;
        }
    }

    /// <summary>Starts PostgreSQL again on the same data folder, port and settings, and returns once it answers.</summary>
    public async Task StartPostgresAsync()
    {
        var (command, arguments) = Postgres.ServerCommand();
        postgres = ServerProcess.Start("postgres", (command, [.. arguments, .. postgresSettings.SelectMany(setting => new[] { "-c", setting })]));
        await WaitForPostgresAsync(Postgres.ConnectionString("postgres"), postgres);
    }

    /// <summary>Shuts Redis down (SIGINT; with its append-only file it loses at most the last second), keeping folder and port.</summary>
    public async Task StopRedisAsync()
    {
        if (redis is not null)
        {
            await redis.InterruptAsync(TimeSpan.FromSeconds(30));
            redis.Dispose();
            redis = null;
        }
    }

    /// <summary>Starts Redis again on the same folder, port and password, and returns once it answers.</summary>
    public async Task StartRedisAsync()
    {
        redis = ServerProcess.Start("redis", Redis.ServerCommand());
        await WaitForRedisAsync(Redis.ConnectionString, redis);
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await LocalPostgres.EnsureDatabaseAsync(Postgres.ConnectionString("postgres"), name, CancellationToken.None);
        return Postgres.ConnectionString(name);
    }

    public ValueTask DisposeAsync()
    {
        postgres?.Dispose();
        redis?.Dispose();
        postgres = redis = null;
        TestDirectories.Delete(StateDirectory);
        return ValueTask.CompletedTask;
    }

    public static LocalServers RequireLocalServers()
    {
        var servers = LocalServers.Find(new ConfigurationBuilder().Build());
        if (servers.Missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"These tests run real servers and {string.Join("; ", servers.Missing)}. "
                + $"Run ./test.sh, which installs them, or: apt-get install -y {string.Join(' ', servers.MissingPackages)}");
        }

        return servers;
    }

    public static async Task WaitForPostgresAsync(string connectionString, ServerProcess process)
    {
        await WaitUntilAsync(process, async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        });
    }

    private static async Task WaitForRedisAsync(string connectionString, ServerProcess process)
    {
        await WaitUntilAsync(process, async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            await connection.GetDatabase().PingAsync();
        });
    }

    private static async Task WaitUntilAsync(ServerProcess process, Func<Task> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"{process.Name} did not start: {exception.Message}\n{process.Output}", exception);
            }
        }
    }
}

/// <summary>A server started by a test, its output kept for the failure message, ended on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    private int disposed;

    private ServerProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public string Output => string.Join('\n', lines.TakeLast(40));

    public static ServerProcess Start(
        string name, (string Command, IReadOnlyList<string> Arguments) command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Asks the server to shut down (SIGINT, as Ctrl-C would) and waits for it to end; one that does not end in
    /// <paramref name="grace"/> is killed.
    /// </summary>
    public async Task InterruptAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await signal.WaitForExitAsync();
        }

        using var waiting = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(waiting.Token);
        }
        catch (OperationCanceledException)
        {
            Stop();
        }
    }

    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Stop();
            process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 200 && lines.TryDequeue(out _))
        {
        }
    }
}

internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class TestDirectories
{
    public static string Create(string purpose) => Directory.CreateTempSubdirectory($"hanoi-egov-{purpose}-").FullName;

    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing its files; the folder is under the temp directory either way.
        }
    }
}
