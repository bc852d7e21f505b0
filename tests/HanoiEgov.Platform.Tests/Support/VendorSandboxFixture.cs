namespace HanoiEgov.Platform.Tests.Support;

/// <summary>One sandbox for a test class (its tests run one after another, so settings they change stay theirs).</summary>
public sealed class VendorSandboxFixture : IAsyncLifetime
{
    private VendorSandboxServer? server;

    internal VendorSandboxServer Server => server ?? throw new InvalidOperationException("The vendor sandbox has not started.");

    public async ValueTask InitializeAsync() => server = await VendorSandboxServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
