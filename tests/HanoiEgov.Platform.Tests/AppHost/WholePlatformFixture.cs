using Aspire.Hosting;
using Aspire.Hosting.Testing;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.AppHost;

/// <summary>
/// The whole AppHost started once for the tests that need every process at once (local processes here, on a
/// throwaway state folder and free ports), waited on until every resource is healthy.
/// </summary>
public sealed class WholePlatformFixture : IAsyncLifetime
{
    public static readonly string[] Resources =
        ["postgres", "egov", "identity-db", "redis", "identity", "platform", "citizen-portal", "officials-portal", "vendor-sandbox"];

    private readonly string state = TestDirectories.Create("apphost");
    private IDistributedApplicationTestingBuilder? builder;
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    public IDistributedApplicationTestingBuilder Builder => builder ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        builder = await DistributedApplicationTestingBuilder.CreateAsync(
            typeof(HanoiEgov.AppHost.Program),
            [
                "--Infrastructure:Mode=LocalProcesses",
                $"--Infrastructure:StateDirectory={state}",
                $"--Infrastructure:PostgresPort={FreePort.Next()}",
                $"--Infrastructure:RedisPort={FreePort.Next()}",
                $"--Platform:Port={FreePort.Next()}",
                $"--Identity:Port={FreePort.Next()}",
                // Every browser test signs in from this machine's address.
                "--Identity:LoginRateLimit:PermitLimit=100000",
                $"--VendorSandbox:Port={FreePort.Next()}",
            ],
            timeout.Token);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (builder is not null)
        {
            await builder.DisposeAsync();
        }

        TestDirectories.Delete(state);
    }
}

[CollectionDefinition(Name)]
public sealed class WholePlatformGroup : ICollectionFixture<WholePlatformFixture>
{
    public const string Name = "Whole platform";
}
