using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(HanoiEgov.Platform.Tests.Support.LocalServersFixture))]

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Real PostgreSQL and Redis for the whole test run, started through the same local-process code the AppHost
/// uses, on a throwaway state folder and free ports. Each test takes a database of its own.
/// </summary>
public sealed class LocalServersFixture : IAsyncLifetime
{
    private readonly List<ServerProcess> processes = [];
    private LocalPostgres? postgres;
    private LocalRedis? redis;
    private IdentityServerFactory? identity;

    public string StateDirectory { get; } = TestDirectories.Create("servers");

    internal LocalPostgres Postgres => postgres ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public string RedisConnectionString => (redis ?? throw new InvalidOperationException("Redis has not started.")).ConnectionString;

    /// <summary>The Keycloak-compatible identity server, realm <c>hanoi</c>, on a real port.</summary>
    internal IdentityServerFactory Identity => identity ?? throw new InvalidOperationException("The identity server has not started.");

    internal RealmTokens Tokens => new(Identity.Issuer);

    public async ValueTask InitializeAsync()
    {
        var servers = RequireLocalServers();
        postgres = new LocalPostgres(servers.PostgresBinDirectory!, StateDirectory, FreePort.Next());
        redis = new LocalRedis(servers.RedisServer!, StateDirectory, FreePort.Next());

        postgres.EnsureInitialized();
        processes.Add(ServerProcess.Start("postgres", postgres.ServerCommand()));
        redis.EnsureConfigured();
        processes.Add(ServerProcess.Start("redis", redis.ServerCommand()));

        await WaitForPostgresAsync(postgres.ConnectionString("postgres"), processes[0]);
        await WaitForRedisAsync(redis.ConnectionString, processes[1]);

        identity = new IdentityServerFactory(await CreateDatabaseAsync("identity"), FreePort.Next());
        identity.Start();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        await LocalPostgres.EnsureDatabaseAsync(Postgres.ConnectionString("postgres"), name, CancellationToken.None);
        return Postgres.ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (identity is not null)
        {
            await identity.DisposeAsync();
        }

        foreach (var process in processes)
        {
            process.Dispose();
        }

        TestDirectories.Delete(StateDirectory);
    }

    internal static LocalServers RequireLocalServers()
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

    internal static async Task WaitForPostgresAsync(string connectionString, ServerProcess process)
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

    private ServerProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

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
        Stop();
        process.Dispose();
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
