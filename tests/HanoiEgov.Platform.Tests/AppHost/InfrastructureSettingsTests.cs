using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.Platform.Tests.AppHost;

[Trait("Category", "Unit")]
public sealed class InfrastructureSettingsTests
{
    private static readonly LocalServers Everything = new("/usr/lib/postgresql/15/bin", "/usr/bin/redis-server");

    [Fact]
    public void Auto_uses_containers_when_a_container_runtime_answers() =>
        Assert.Equal(InfrastructureMode.Containers, InfrastructureSettings.Resolve(InfrastructureMode.Auto, true, Everything));

    [Fact]
    public void Auto_uses_local_processes_when_no_container_runtime_answers() =>
        Assert.Equal(InfrastructureMode.LocalProcesses, InfrastructureSettings.Resolve(InfrastructureMode.Auto, false, Everything));

    [Fact]
    public void Local_processes_can_be_forced_even_where_containers_run() =>
        Assert.Equal(InfrastructureMode.LocalProcesses, InfrastructureSettings.Resolve(InfrastructureMode.LocalProcesses, true, Everything));

    [Fact]
    public void Containers_asked_for_by_name_are_used_without_local_servers() =>
        Assert.Equal(InfrastructureMode.Containers, InfrastructureSettings.Resolve(InfrastructureMode.Containers, false, new LocalServers(null, null)));

    [Fact]
    public void Without_containers_or_redis_the_error_names_redis_and_the_install_command()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() =>
            InfrastructureSettings.Resolve(InfrastructureMode.Auto, false, Everything with { RedisServer = null }));

        Assert.Contains("redis-server not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y redis-server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_server_the_error_names_both_packages()
    {
        var error = Assert.Throws<InfrastructureUnavailableException>(() =>
            InfrastructureSettings.Resolve(InfrastructureMode.LocalProcesses, false, new LocalServers(null, null)));

        Assert.Contains("apt-get install -y postgresql redis-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_modes_that_exist()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Infrastructure:Mode"] = "Kubernetes",
        }).Build();

        var error = Assert.Throws<InfrastructureUnavailableException>(() => InfrastructureSettings.From(configuration));

        Assert.Contains("Auto, Containers, LocalProcesses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ports_and_state_folder_come_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Infrastructure:Mode"] = "localprocesses",
            ["Infrastructure:StateDirectory"] = "/srv/egov",
            ["Infrastructure:PostgresPort"] = "25432",
            ["Infrastructure:RedisPort"] = "26379",
        }).Build();

        Assert.Equal(new InfrastructureSettings(InfrastructureMode.LocalProcesses, "/srv/egov", 25432, 26379), InfrastructureSettings.From(configuration));
    }

    [Fact]
    public void Root_keeps_state_under_var_lib_where_the_postgres_user_can_reach_it() =>
        Assert.Equal("/var/lib/hanoi-egov", InfrastructureSettings.DefaultStateDirectory(true, "/root/.local/state", "/root"));

    [Fact]
    public void A_user_keeps_state_under_the_XDG_state_folder()
    {
        Assert.Equal("/home/an/.state/hanoi-egov", InfrastructureSettings.DefaultStateDirectory(false, "/home/an/.state", "/home/an"));
        Assert.Equal("/home/an/.local/state/hanoi-egov", InfrastructureSettings.DefaultStateDirectory(false, null, "/home/an"));
    }

    [Fact]
    public void Root_runs_postgres_as_the_postgres_user_through_setpriv()
    {
        var (command, arguments) = LocalPostgres.AsServerUser("/usr/lib/postgresql/15/bin/postgres", ["-D", "/data"], privileged: true);

        Assert.Equal("setpriv", command);
        Assert.Equal(["--reuid", "postgres", "--regid", "postgres", "--init-groups", "--", "/usr/lib/postgresql/15/bin/postgres", "-D", "/data"], arguments);
    }

    [Fact]
    public void Other_users_run_postgres_directly()
    {
        var (command, arguments) = LocalPostgres.AsServerUser("/usr/lib/postgresql/15/bin/postgres", ["-D", "/data"], privileged: false);

        Assert.Equal("/usr/lib/postgresql/15/bin/postgres", command);
        Assert.Equal(["-D", "/data"], arguments);
    }

    [Fact]
    public void Postgres_listens_on_localhost_only_with_its_socket_in_its_own_folder()
    {
        var (_, arguments) = new LocalPostgres("/pg/bin", "/state", 15432).ServerCommand();

        Assert.Contains("listen_addresses=localhost", arguments);
        Assert.Equal("/state/postgres/data", arguments[arguments.ToList().IndexOf("-k") + 1]);
        Assert.Equal("15432", arguments[arguments.ToList().IndexOf("-p") + 1]);
    }
}
