using System.Runtime.Versioning;
namespace HanoiEgov.AppHost.Infrastructure;

/// <summary>
/// Debian's redis-server run as a plain process with its own folder, password and append-only file, so its data
/// (Orleans membership, reminders, grain state) survives restarts. Shared by the AppHost and the tests.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class LocalRedis(string serverPath, string stateDirectory, int port)
{
    public string DataDirectory { get; } = Path.Combine(stateDirectory, "redis");

    public int Port => port;

    public string Password => LocalPostgres.ReadOrCreateSecret(Path.Combine(DataDirectory, "password"));

    public string ConfigFile => Path.Combine(DataDirectory, "redis.conf");

    public string ConnectionString => $"localhost:{port},password={Password}";

    public static string? FindServer(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? (File.Exists(configured) ? configured : null) : ProcessRunner.FindOnPath("redis-server");

    /// <summary>Writes the configuration file (readable by its owner only: it holds the password).</summary>
    public void EnsureConfigured()
    {
        Directory.CreateDirectory(DataDirectory);
        var configuration = string.Join('\n',
            "bind 127.0.0.1 -::1",
            $"port {port}",
            "protected-mode yes",
            "daemonize no",
            $"dir {DataDirectory}",
            "appendonly yes",
            "appendfsync everysec",
            "save 60 1",
            $"requirepass {Password}",
            "");
        File.WriteAllText(ConfigFile, configuration);
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public (string Command, IReadOnlyList<string> Arguments) ServerCommand() => (serverPath, [ConfigFile]);
}
