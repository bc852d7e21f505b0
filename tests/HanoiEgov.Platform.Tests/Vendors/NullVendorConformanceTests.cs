using HanoiEgov.Vendors;
using HanoiEgov.Vendors.ConformanceKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The development providers (vendor <c>Null</c>) pass the same conformance kit as every vendor module.</summary>
internal static class NullVendorUnderTest
{
    public static IAsyncDisposable Outage(NullVendorState state) => new OutageScope(state);

    private sealed class OutageScope : IAsyncDisposable
    {
        private readonly NullVendorState state;

        public OutageScope(NullVendorState state)
        {
            this.state = state;
            state.Outage = true;
        }

        public ValueTask DisposeAsync()
        {
            state.Outage = false;
            return ValueTask.CompletedTask;
        }
    }
}

[Trait("Category", "Unit")]
public sealed class NullDigitalSignatureProviderConformanceTests : DigitalSignatureProviderConformance, IDisposable
{
    private readonly NullVendorState state = new(outage: false);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly NullDigitalSignatureProvider provider;

    public NullDigitalSignatureProviderConformanceTests() =>
        provider = new NullDigitalSignatureProvider(state, clock, Options.Create(new NullVendorOptions { AutoConfirmSigning = false }), NullLogger<NullDigitalSignatureProvider>.Instance);

    protected override IDigitalSignatureProvider Provider => provider;

    protected override string KnownSignerId => "head.badinh";

    protected override Task ConfirmAsync(SigningTransaction transaction, CancellationToken cancellationToken)
    {
        provider.Confirm(transaction.TransactionId);
        return Task.CompletedTask;
    }

    protected override Task RejectAsync(SigningTransaction transaction, CancellationToken cancellationToken)
    {
        provider.Reject(transaction.TransactionId);
        return Task.CompletedTask;
    }

    protected override Task ExpireAsync(SigningTransaction transaction, CancellationToken cancellationToken)
    {
        clock.Advance(new NullVendorOptions().SigningTimeout + TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));

    public void Dispose() => provider.Dispose();
}

[Trait("Category", "Unit")]
public sealed class NullSmsGatewayConformanceTests : SmsGatewayConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullSmsGatewayConformanceTests() => Gateway = new NullSmsGateway(state, TimeProvider.System, NullLogger<NullSmsGateway>.Instance);

    protected override ISmsGateway Gateway { get; }

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullEmailSenderConformanceTests : EmailSenderConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullEmailSenderConformanceTests() => Sender = new NullEmailSender(state, TimeProvider.System, NullLogger<NullEmailSender>.Instance);

    protected override IEmailSender Sender { get; }

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullPaymentGatewayConformanceTests : PaymentGatewayConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullPaymentGatewayConformanceTests() => Gateway = new NullPaymentGateway(state, TimeProvider.System, NullLogger<NullPaymentGateway>.Instance);

    protected override IPaymentGateway Gateway { get; }

    /// <summary>The development gateway's page is its redirect: the return URL carries the signed callback.</summary>
    protected override Task<PaymentCallback> PayAsync(PaymentCreated payment, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentCallback(payment.RedirectUrl.Query.TrimStart('?'), "", new Dictionary<string, string>()));

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullPopulationRegistryConformanceTests : PopulationRegistryConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullPopulationRegistryConformanceTests() => Registry = new NullPopulationRegistry(state, TimeProvider.System, NullLogger<NullPopulationRegistry>.Instance);

    protected override IPopulationRegistry Registry { get; }

    protected override string KnownPersonalId => "001090012345";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullResidenceRegistryConformanceTests : ResidenceRegistryConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullResidenceRegistryConformanceTests() => Registry = new NullResidenceRegistry(state, TimeProvider.System, NullLogger<NullResidenceRegistry>.Instance);

    protected override IResidenceRegistry Registry { get; }

    protected override string KnownPersonalId => "001090012345";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullSocialInsuranceConformanceTests : SocialInsuranceConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullSocialInsuranceConformanceTests() => Insurance = new NullSocialInsurance(state, TimeProvider.System, NullLogger<NullSocialInsurance>.Instance);

    protected override ISocialInsurance Insurance { get; }

    protected override string KnownPersonalId => "001195012346";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}

[Trait("Category", "Unit")]
public sealed class NullIdentityCardRegistryConformanceTests : IdentityCardRegistryConformance
{
    private readonly NullVendorState state = new(outage: false);

    public NullIdentityCardRegistryConformanceTests()
    {
        Registry = new NullIdentityCardRegistry(state, TimeProvider.System, NullLogger<NullIdentityCardRegistry>.Instance);
        Population = new NullPopulationRegistry(state, TimeProvider.System, NullLogger<NullPopulationRegistry>.Instance);
    }

    protected override IIdentityCardRegistry Registry { get; }

    protected override IPopulationRegistry Population { get; }

    protected override string KnownPersonalId => "001195012346";

    protected override Task<IAsyncDisposable> SimulateOutageAsync(CancellationToken cancellationToken) => Task.FromResult(NullVendorUnderTest.Outage(state));
}
