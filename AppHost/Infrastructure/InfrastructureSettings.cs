using Microsoft.Extensions.Configuration;

namespace HanoiEgov.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis run: in containers, as local processes, or whichever this machine allows.</summary>
internal enum InfrastructureMode
{
    Auto,
    Containers,
    LocalProcesses,
}

/// <summary>The <c>Infrastructure</c> configuration section of the AppHost.</summary>
internal sealed record InfrastructureSettings(InfrastructureMode Mode, string StateDirectory, int PostgresPort, int RedisPort)
{
    public const string Section = "Infrastructure";
    public const int DefaultPostgresPort = 15432;
    public const int DefaultRedisPort = 16379;

    public static InfrastructureSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var modeText = section["Mode"];
        var mode = InfrastructureMode.Auto;
        if (!string.IsNullOrWhiteSpace(modeText) && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            throw new InfrastructureUnavailableException(
                $"{Section}:Mode is '{modeText}'; use one of {string.Join(", ", Enum.GetNames<InfrastructureMode>())}.");
        }

        return new InfrastructureSettings(
            mode,
            section["StateDirectory"] is { Length: > 0 } state ? Path.GetFullPath(state) : DefaultStateDirectory(
                Environment.IsPrivilegedProcess,
                Environment.GetEnvironmentVariable("XDG_STATE_HOME"),
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
            section.GetValue("PostgresPort", DefaultPostgresPort),
            section.GetValue("RedisPort", DefaultRedisPort));
    }

    /// <summary>
    /// Where local processes keep their data between runs. Root's home is closed to the <c>postgres</c> user the
    /// server drops to, so root gets a folder under /var/lib instead.
    /// </summary>
    public static string DefaultStateDirectory(bool privileged, string? xdgStateHome, string home) =>
        privileged ? "/var/lib/hanoi-egov"
        : !string.IsNullOrEmpty(xdgStateHome) ? Path.Combine(xdgStateHome, "hanoi-egov")
        : Path.Combine(home, ".local", "state", "hanoi-egov");

    /// <summary>Chooses the mode for this run, or says exactly what is missing and how to install it.</summary>
    public static InfrastructureMode Resolve(InfrastructureMode requested, bool containerRuntimeAnswers, LocalServers local)
    {
        // Asked for by name, containers are taken on trust: Aspire itself reports a runtime that does not answer.
        if (requested == InfrastructureMode.Containers || (requested == InfrastructureMode.Auto && containerRuntimeAnswers))
        {
            return InfrastructureMode.Containers;
        }

        if (local.Missing.Count > 0)
        {
            var why = requested == InfrastructureMode.Auto
                ? "No container runtime answers (docker info / podman info failed), and local processes cannot run either"
                : $"{Section}:Mode is LocalProcesses but local processes cannot run";
            throw new InfrastructureUnavailableException(
                $"{why}: {string.Join("; ", local.Missing)}. Install them with: sudo apt-get install -y {string.Join(' ', local.MissingPackages)} "
                + "(or start Docker or Podman).");
        }

        return InfrastructureMode.LocalProcesses;
    }
}

/// <summary>The local server programs this machine has, and what is missing.</summary>
internal sealed record LocalServers(string? PostgresBinDirectory, string? RedisServer)
{
    public IReadOnlyList<string> Missing =>
    [
        .. PostgresBinDirectory is null ? ["PostgreSQL server (initdb and postgres) not found"] : Array.Empty<string>(),
        .. RedisServer is null ? ["redis-server not found"] : Array.Empty<string>(),
    ];

    public IReadOnlyList<string> MissingPackages =>
    [
        .. PostgresBinDirectory is null ? ["postgresql"] : Array.Empty<string>(),
        .. RedisServer is null ? ["redis-server"] : Array.Empty<string>(),
    ];

    public static LocalServers Find(IConfiguration configuration) => OperatingSystem.IsWindows()
        ? new LocalServers(null, null)
        : new LocalServers(
            LocalPostgres.FindBinDirectory(configuration[$"{InfrastructureSettings.Section}:PostgresBinDirectory"]),
            LocalRedis.FindServer(configuration[$"{InfrastructureSettings.Section}:RedisServer"]));
}

internal sealed class InfrastructureUnavailableException(string message) : Exception(message);
