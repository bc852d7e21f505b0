using System.Runtime.Versioning;
using System.Security.Cryptography;
using Npgsql;

namespace HanoiEgov.AppHost.Infrastructure;

/// <summary>
/// Debian's PostgreSQL run as a plain process on its own data folder: found, initialised once, started with a
/// fixed port. Used by the AppHost (as an executable resource) and by the tests (as a child process) alike.
/// PostgreSQL refuses to run as root, so a root caller drops to the <c>postgres</c> user with setpriv.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class LocalPostgres(string binDirectory, string stateDirectory, int port)
{
    public const string SuperUser = "postgres";
    private const string SystemUser = "postgres";

    public string DataDirectory { get; } = Path.Combine(stateDirectory, "postgres", "data");

    private string PasswordFile { get; } = Path.Combine(stateDirectory, "postgres", "password");

    public int Port => port;

    /// <summary>Finds initdb and postgres: a configured folder, else the newest Debian cluster version, else PATH.</summary>
    public static string? FindBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured) ? configured : null;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasServer)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        var onPath = Path.GetDirectoryName(ProcessRunner.FindOnPath("postgres"));
        return onPath is not null && HasServer(onPath) ? onPath : null;
    }

    /// <summary>The superuser's password, made once per state folder and kept beside the data, never in git.</summary>
    public string Password => ReadOrCreateSecret(PasswordFile);

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "localhost",
            Port = port,
            Username = SuperUser,
            Password = Password,
            Database = database,
        }.ConnectionString;

    /// <summary>Runs initdb when the data folder is new; a folder that already holds a cluster is left as it is.</summary>
    public void EnsureInitialized()
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        CreateTraversableDirectory(stateDirectory);
        CreateTraversableDirectory(Path.GetDirectoryName(DataDirectory)!);
        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var passwordForInitdb = Path.Combine(Path.GetDirectoryName(DataDirectory)!, "initdb-password");
        File.WriteAllText(passwordForInitdb, Password);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                ProcessRunner.Run("chown", ["-R", $"{SystemUser}:", DataDirectory, passwordForInitdb], TimeSpan.FromSeconds(30));
            }

            var (command, arguments) = AsServerUser(Path.Combine(binDirectory, "initdb"),
            [
                "--pgdata", DataDirectory,
                "--username", SuperUser,
                "--pwfile", passwordForInitdb,
                "--auth", "scram-sha-256",
                "--encoding", "UTF8",
                "--no-locale",
            ]);
            ProcessRunner.Run(command, arguments, TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(passwordForInitdb);
        }
    }

    /// <summary>The command that runs the server in the foreground, listening on localhost only.</summary>
    public (string Command, IReadOnlyList<string> Arguments) ServerCommand() =>
        AsServerUser(Path.Combine(binDirectory, "postgres"),
        [
            "-D", DataDirectory,
            "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", DataDirectory,
            "-c", "listen_addresses=localhost",
        ]);

    public static async Task EnsureDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(database);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static (string Command, IReadOnlyList<string> Arguments) AsServerUser(string program, IReadOnlyList<string> arguments) =>
        AsServerUser(program, arguments, Environment.IsPrivilegedProcess);

    internal static (string Command, IReadOnlyList<string> Arguments) AsServerUser(string program, IReadOnlyList<string> arguments, bool privileged) =>
        privileged
            ? ("setpriv", ["--reuid", SystemUser, "--regid", SystemUser, "--init-groups", "--", program, .. arguments])
            : (program, arguments);

    internal static string ReadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(secret);
        }

        return secret;
    }

    // The postgres user must be able to walk down to its data folder.
    internal static void CreateTraversableDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
    }

    private static bool HasServer(string bin) =>
        File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb"));
}
