using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.ConformanceKit;
using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Lgsp;
using HanoiEgov.Vendors.Viettel;
using HanoiEgov.Vendors.Vnpt;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The sandbox's hooks the conformance kit needs: the signer's phone, and the sandbox stopped and started again.</summary>
internal static class SandboxHooks
{
    public static async Task PhoneAsync(VendorSandboxServer sandbox, string face, SigningTransaction transaction, string answer, CancellationToken cancellationToken)
    {
        using var response = await sandbox.Client.PostAsync($"{face}/sandbox/phone/transactions/{transaction.TransactionId}/{answer}", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills the sandbox; disposing the scope starts it again on the same port and state folder.</summary>
    public static Task<IAsyncDisposable> OutageAsync(VendorSandboxServer sandbox)
    {
        sandbox.Stop();
        return Task.FromResult<IAsyncDisposable>(new Restart(sandbox));
    }

    private sealed class Restart(VendorSandboxServer sandbox) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await sandbox.StartAsync();
    }
}

/// <summary>One vendor's signature provider against the sandbox on a real port, through its module's entry point.</summary>
public abstract class SandboxSignatureConformance(VendorSandboxFixture fixture, string vendor, string face) : DigitalSignatureProviderConformance, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override IDigitalSignatureProvider Provider => host.Provider<IDigitalSignatureProvider>(vendor);

    protected override string KnownSignerId => "001090012345";

    protected override Task ConfirmAsync(SigningTransaction transaction, CancellationToken cancellationToken) => SandboxHooks.PhoneAsync(fixture.Server, face, transaction, "confirm", cancellationToken);

    protected override Task RejectAsync(SigningTransaction transaction, CancellationToken cancellationToken) => SandboxHooks.PhoneAsync(fixture.Server, face, transaction, "reject", cancellationToken);

    protected override Task ExpireAsync(SigningTransaction transaction, CancellationToken cancellationToken) => SandboxHooks.PhoneAsync(fixture.Server, face, transaction, "expire", cancellationToken);

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose()
    {
        host.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Trait("Category", "Integration")]
public sealed class VnptSmartCaConformanceTests(VendorSandboxFixture fixture) : SandboxSignatureConformance(fixture, VnptModule.VendorName, "vnpt"), IClassFixture<VendorSandboxFixture>;

[Trait("Category", "Integration")]
public sealed class ViettelMySignConformanceTests(VendorSandboxFixture fixture) : SandboxSignatureConformance(fixture, ViettelModule.VendorName, "viettel"), IClassFixture<VendorSandboxFixture>;

[Trait("Category", "Integration")]
public sealed class FptESignConformanceTests(VendorSandboxFixture fixture) : SandboxSignatureConformance(fixture, FptModule.VendorName, "fpt"), IClassFixture<VendorSandboxFixture>;

[Trait("Category", "Integration")]
public sealed class VnptSmsConformanceTests(VendorSandboxFixture fixture) : SmsGatewayConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override ISmsGateway Gateway => host.Provider<ISmsGateway>(VnptModule.VendorName);

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}

[Trait("Category", "Integration")]
public sealed class FptPopulationRegistryConformanceTests(VendorSandboxFixture fixture) : PopulationRegistryConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override IPopulationRegistry Registry => host.Provider<IPopulationRegistry>(FptModule.VendorName);

    protected override string KnownPersonalId => "001195012346";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}

[Trait("Category", "Integration")]
public sealed class ViettelPaymentConformanceTests(VendorSandboxFixture fixture) : PaymentGatewayConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override IPaymentGateway Gateway => host.Provider<IPaymentGateway>(ViettelModule.VendorName);

    /// <summary>The citizen pays on the sandbox's page; the callback is the return URL's query the browser brings back.</summary>
    protected override async Task<PaymentCallback> PayAsync(PaymentCreated payment, CancellationToken cancellationToken)
    {
        using var response = await fixture.Server.Client.PostAsync($"viettel/sandbox/payments/{Uri.EscapeDataString(payment.OrderId)}/pay", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var outcome = await response.ReadAsync<SandboxSettlement>();
        return new PaymentCallback(new Uri(outcome.RedirectUrl).Query, "", new Dictionary<string, string>());
    }

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}

[Trait("Category", "Integration")]
public sealed class LgspResidenceRegistryConformanceTests(VendorSandboxFixture fixture) : ResidenceRegistryConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override IResidenceRegistry Registry => host.Provider<IResidenceRegistry>(LgspModule.VendorName);

    protected override string KnownPersonalId => "001195012346";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}

[Trait("Category", "Integration")]
public sealed class LgspSocialInsuranceConformanceTests(VendorSandboxFixture fixture) : SocialInsuranceConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override ISocialInsurance Insurance => host.Provider<ISocialInsurance>(LgspModule.VendorName);

    protected override string KnownPersonalId => "001302012347";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}

[Trait("Category", "Integration")]
public sealed class LgspIdentityCardRegistryConformanceTests(VendorSandboxFixture fixture) : IdentityCardRegistryConformance, IClassFixture<VendorSandboxFixture>, IDisposable
{
    private readonly VendorModuleHost host = new(fixture.Server);

    protected override IIdentityCardRegistry Registry => host.Provider<IIdentityCardRegistry>(LgspModule.VendorName);

    /// <summary>The FPT face's population is the one the LGSP face issues cards from.</summary>
    protected override IPopulationRegistry Population => host.Provider<IPopulationRegistry>(FptModule.VendorName);

    protected override string KnownPersonalId => "001195012346";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => SandboxHooks.OutageAsync(fixture.Server);

    public void Dispose() => host.Dispose();
}
