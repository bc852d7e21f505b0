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
    private readonly List<ServerProcess> processes = [];

    private LocalServerSet(LocalPostgres postgres, LocalRedis redis, string stateDirectory, string postgresBinDirectory)
    {
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
            new LocalPostgres(servers.PostgresBinDirectory!, state, FreePort.Next()), new LocalRedis(servers.RedisServer!, state, FreePort.Next()), state, servers.PostgresBinDirectory!);
        set.Postgres.EnsureInitialized();
        var (command, arguments) = set.Postgres.ServerCommand();
        set.processes.Add(ServerProcess.Start("postgres", (command, [.. arguments, .. postgresSettings.SelectMany(setting => new[] { "-c", setting })])));
        set.Redis.EnsureConfigured();
        set.processes.Add(ServerProcess.Start("redis", set.Redis.ServerCommand()));

        await WaitForPostgresAsync(set.Postgres.ConnectionString("postgres"), set.processes[0]);
        await WaitForRedisAsync(set.Redis.ConnectionString, set.processes[1]);
        return set;
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
        foreach (var process in processes)
        {
            process.Dispose();
        }

        processes.Clear();
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
