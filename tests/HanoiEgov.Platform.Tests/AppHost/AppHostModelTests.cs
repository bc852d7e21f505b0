using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using HanoiEgov.AppHost.Infrastructure;
using HanoiEgov.IdentityServer.Realm;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.AppHost;

/// <summary>The app model as the AppHost builds it, inspected without starting anything (no container engine needed).</summary>
[Trait("Category", "Unit")]
public sealed class AppHostModelTests
{
    [Fact]
    public async Task In_container_mode_PostgreSQL_runs_Aspires_postgres_image_on_a_persistent_named_volume()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var postgres = Assert.Single(builder.Resources.OfType<PostgresServerResource>());
        Assert.Equal("postgres", postgres.Name);
        Assert.True(postgres.TryGetContainerImageName(out var image));
        Assert.Contains("postgres", image, StringComparison.Ordinal);
        var volume = Assert.Single(postgres.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.Volume, volume.Type);
        Assert.Equal("hanoi-egov-postgres-data", volume.Source);
        Assert.Equal(ContainerLifetime.Persistent, Assert.Single(postgres.Annotations.OfType<ContainerLifetimeAnnotation>()).Lifetime);
        Assert.Equal(InfrastructureSettings.DefaultPostgresPort, postgres.Annotations.OfType<EndpointAnnotation>().Single().Port);
    }

    [Fact]
    public async Task In_container_mode_identity_is_Keycloak_importing_the_realm_file_on_a_fixed_port()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var keycloak = Assert.Single(builder.Resources.OfType<ContainerResource>(), resource => resource.Name == "identity");
        var image = Assert.Single(keycloak.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("quay.io", "keycloak/keycloak"), (image.Registry, image.Image));
        Assert.StartsWith("26.", image.Tag, StringComparison.Ordinal);
        var mounts = keycloak.Annotations.OfType<ContainerMountAnnotation>().ToDictionary(mount => mount.Target, mount => mount.Source!);
        Assert.Equal(TestRealm.RealmFile, mounts["/opt/keycloak/data/import/hanoi-realm.json"]);
        Assert.Equal(TestRealm.DemoUsersFile, mounts["/opt/keycloak/data/import/hanoi-users-0.json"]);
        Assert.Equal(8080, keycloak.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);
        Assert.Equal(9000, keycloak.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "management").TargetPort);
        var arguments = await ArgumentsOf(keycloak);
        Assert.Equal(["start-dev", "--import-realm"], arguments);
    }

    [Fact]
    public async Task A_published_AppHost_runs_Keycloak_with_start_on_its_own_database_at_the_configured_hostname_without_demo_users()
    {
        string[] publish = ["--operation", "publish", "--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "hanoi-egov-manifest")];
        await using var builder = await CreateAsync(publish);

        var keycloak = Assert.Single(builder.Resources.OfType<ContainerResource>(), resource => resource.Name == "identity");
        Assert.Equal(["start", "--import-realm"], await ArgumentsOf(keycloak));
        var mount = Assert.Single(keycloak.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(("/opt/keycloak/data/import/hanoi-realm.json", TestRealm.RealmFile), (mount.Target, mount.Source));
        var database = Assert.Single(builder.Resources.OfType<PostgresDatabaseResource>(), resource => resource.Name == "keycloak-db");
        Assert.Equal(("keycloak", "postgres"), (database.DatabaseName, database.Parent.Name));
        Assert.Contains(keycloak.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "keycloak-db");
        var environment = await EnvironmentOfAsync("identity", publish);
        Assert.Equal("postgres", environment["KC_DB"]);
        Assert.StartsWith("jdbc:postgresql://", environment["KC_DB_URL"], StringComparison.Ordinal);
        Assert.EndsWith("/keycloak", environment["KC_DB_URL"], StringComparison.Ordinal);
        Assert.Contains("postgres", environment["KC_DB_USERNAME"], StringComparison.Ordinal);
        Assert.Contains("postgres-password", environment["KC_DB_PASSWORD"], StringComparison.Ordinal);
        Assert.Equal("{keycloak-hostname.value}", environment["KC_HOSTNAME"]);
        Assert.Equal("xforwarded", environment["KC_PROXY_HEADERS"]);
    }

    [Theory]
    [InlineData("platform", "platform-hosts")]
    [InlineData("citizen-portal", "citizen-portal-hosts")]
    [InlineData("officials-portal", "officials-portal-hosts")]
    public async Task A_published_AppHost_gives_each_public_service_the_host_names_it_answers_to_from_a_parameter(string service, string parameter)
    {
        string[] publish = ["--operation", "publish", "--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "hanoi-egov-manifest")];

        var environment = await EnvironmentOfAsync(service, publish);

        Assert.Equal($"{{{parameter}.value}}", environment["AllowedHosts"]);
    }

    [Fact]
    public async Task The_Keycloak_compatible_server_is_given_the_demo_users_in_Development_only()
    {
        string[] localProcesses = ["--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={Path.GetTempPath()}"];

        var development = await EnvironmentOfAsync("identity", localProcesses);
        var production = await EnvironmentOfAsync("identity", [.. localProcesses, "--environment", "Production"]);

        Assert.Equal(TestRealm.DemoUsersFile, development["Realm__UsersFile"]);
        Assert.Equal(TestRealm.RealmFile, production["Realm__File"]);
        Assert.False(production.ContainsKey("Realm__UsersFile"));
    }

    [Fact]
    public async Task Without_containers_identity_is_the_Keycloak_compatible_server_on_the_same_port()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={Path.GetTempPath()}");

        var identity = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == "identity");
        Assert.Equal(8080, identity.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);
        Assert.Contains(identity.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "identity-db");
    }

    [Fact]
    public async Task In_container_mode_the_egov_database_belongs_to_the_postgres_server()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var database = Assert.Single(builder.Resources.OfType<PostgresDatabaseResource>());
        Assert.Equal("egov", database.DatabaseName);
        Assert.Equal("postgres", database.Parent.Name);
    }

    [Fact]
    public async Task In_container_mode_Redis_runs_Aspires_redis_image_on_a_persistent_named_volume()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=Containers");

        var redis = Assert.Single(builder.Resources.OfType<RedisResource>());
        Assert.True(redis.TryGetContainerImageName(out var image));
        Assert.Contains("redis", image, StringComparison.Ordinal);
        Assert.Equal("hanoi-egov-redis-data", Assert.Single(redis.Annotations.OfType<ContainerMountAnnotation>()).Source);
        Assert.Equal(ContainerLifetime.Persistent, Assert.Single(redis.Annotations.OfType<ContainerLifetimeAnnotation>()).Lifetime);
        Assert.Equal(InfrastructureSettings.DefaultRedisPort, redis.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "tcp").Port);
    }

    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task The_platform_runs_two_replicas_that_wait_for_and_reference_the_database_and_Redis(string mode)
    {
        await using var builder = await CreateAsync($"--Infrastructure:Mode={mode}", $"--Infrastructure:StateDirectory={Path.GetTempPath()}");

        var platform = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == "platform");
        Assert.Equal(2, Assert.Single(platform.Annotations.OfType<ReplicaAnnotation>()).Replicas);
        var waitsFor = platform.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).ToList();
        Assert.Contains("egov", waitsFor);
        Assert.Contains("redis", waitsFor);
        Assert.Contains("identity", waitsFor);
        var references = platform.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(relationship => relationship.Type == "Reference")
            .Select(relationship => relationship.Resource.Name)
            .ToList();
        Assert.Contains("egov", references);
        Assert.Contains("redis", references);
        Assert.Contains(platform.Annotations.OfType<HealthCheckAnnotation>(), check => check.Key.Contains("platform", StringComparison.Ordinal));
        Assert.Equal(5080, platform.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);
    }

    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task Both_portals_reference_and_wait_for_Redis_where_their_instances_share_the_revoked_sessions(string mode)
    {
        await using var builder = await CreateAsync($"--Infrastructure:Mode={mode}", $"--Infrastructure:StateDirectory={Path.GetTempPath()}");

        foreach (var name in new[] { "citizen-portal", "officials-portal" })
        {
            var portal = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == name);
            Assert.Contains(portal.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "redis");
            Assert.Contains(portal.Annotations.OfType<ResourceRelationshipAnnotation>(), relationship => relationship.Type == "Reference" && relationship.Resource.Name == "redis");
        }
    }

    [Fact]
    public async Task In_local_process_mode_PostgreSQL_and_Redis_are_executables_on_the_documented_ports()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={Path.GetTempPath()}");

        Assert.Empty(builder.Resources.OfType<ContainerResource>());
        var postgres = Assert.Single(builder.Resources.OfType<LocalPostgresServerResource>());
        var redis = Assert.Single(builder.Resources.OfType<LocalRedisResource>());
        Assert.Equal(InfrastructureSettings.DefaultPostgresPort, Assert.Single(postgres.Annotations.OfType<EndpointAnnotation>()).Port);
        Assert.Equal(InfrastructureSettings.DefaultRedisPort, Assert.Single(redis.Annotations.OfType<EndpointAnnotation>()).Port);
        Assert.Equal(["egov", "identity"], builder.Resources.OfType<LocalPostgresDatabaseResource>().Select(database => database.DatabaseName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_grain_storage_the_AppHost_provides_is_the_one_the_catalogue_grains_use()
    {
        var environment = await OrleansEnvironmentAsync();

        Assert.Equal("Redis", environment[$"Orleans__GrainStorage__{AdministrativeUnitsModule.GrainStorage}__ProviderType"]);
        Assert.Equal("Redis", environment["Orleans__Clustering__ProviderType"]);
        Assert.Equal("Redis", environment["Orleans__Reminders__ProviderType"]);
        Assert.Equal("hanoi-egov", environment["Orleans__ServiceId"]);
    }

    private static Task<Dictionary<string, string>> OrleansEnvironmentAsync() => EnvironmentOfAsync("platform");

    [Fact]
    public async Task Each_run_is_a_new_Orleans_cluster_of_the_same_service()
    {
        var first = await OrleansEnvironmentAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
        var second = await OrleansEnvironmentAsync();

        Assert.Equal(first["Orleans__ServiceId"], second["Orleans__ServiceId"]);
        Assert.NotEqual(first["Orleans__ClusterId"], second["Orleans__ClusterId"]);
    }

    [Theory]
    [InlineData("platform", "platform-api")]
    [InlineData("citizen-portal", "citizen-portal")]
    [InlineData("officials-portal", "officials-portal")]
    public async Task Every_services_Keycloak_section_names_a_client_of_the_realm(string service, string clientId)
    {
        var environment = await EnvironmentOfAsync(service);
        var realm = KeycloakRealmLoader.Load(TestRealm.RealmFile, name => TestRealm.Variables.GetValueOrDefault(name));

        Assert.Equal(realm.Realm, environment["Keycloak__realm"]);
        Assert.Equal(clientId, environment["Keycloak__resource"]);
        var client = realm.FindClient(clientId);
        Assert.NotNull(client);
        Assert.True(client.Enabled);
        Assert.False(client.PublicClient);
        Assert.True(environment.ContainsKey("Keycloak__credentials__secret"));
        Assert.Equal(service != "platform", client.StandardFlowEnabled);
    }

    [Fact]
    public async Task The_payment_gateway_returns_the_citizen_to_the_portals_page_for_the_dossier_and_posts_its_IPN_to_the_platform()
    {
        var environment = await EnvironmentOfAsync("platform", "LocalProcesses");

        var returnUrl = environment["Dossiers__Payments__ReturnUrl"];
        Assert.StartsWith("{citizen-portal.bindings.http.", returnUrl, StringComparison.Ordinal);
        Assert.EndsWith("/dossiers/{dossierId}/pay/return", returnUrl, StringComparison.Ordinal);
        var ipnUrl = environment["Vendors__Viettel__IpnUrl"];
        Assert.StartsWith("{platform.bindings.http.", ipnUrl, StringComparison.Ordinal);
        Assert.EndsWith("/api/payments/callback", ipnUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task The_identity_server_is_given_every_placeholder_the_realm_file_names(string mode)
    {
        var environment = await EnvironmentOfAsync("identity", mode);
        var placeholders = KeycloakRealmLoader.Placeholders(await File.ReadAllTextAsync(TestRealm.RealmFile, TestContext.Current.CancellationToken));

        Assert.All(placeholders, placeholder => Assert.True(environment.ContainsKey(placeholder), $"{placeholder} is not given to the identity server"));
    }

    private static Task<Dictionary<string, string>> EnvironmentOfAsync(string resourceName, string mode = "Containers") =>
        EnvironmentOfAsync(resourceName, [$"--Infrastructure:Mode={mode}", $"--Infrastructure:StateDirectory={Path.GetTempPath()}"]);

    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(string resourceName, string[] args)
    {
        await using var builder = await CreateAsync(args);
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        var resource = builder.Resources.Single(candidate => candidate.Name == resourceName);
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(
                new DistributedApplicationExecutionContext(new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Publish)
                {
                    Services = app.Services,
                }),
                cancellationToken: TestContext.Current.CancellationToken);
        return configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);
    }

    private static async Task<List<string>> ArgumentsOf(ContainerResource resource)
    {
        var context = new CommandLineArgsCallbackContext([], resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. context.Args.Select(argument => argument.ToString()!)];
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync(typeof(HanoiEgov.AppHost.Program), args, TestContext.Current.CancellationToken);
}
