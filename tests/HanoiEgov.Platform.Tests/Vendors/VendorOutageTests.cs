using System.Diagnostics;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.Vnpt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>A vendor stopped mid-run, as the platform sees it through a module's resilient client and health check.</summary>
[Trait("Category", "Integration")]
public sealed class VendorOutageTests
{
    private const string An = "001090012345";

    [Fact]
    public async Task When_the_sandbox_stops_the_circuit_opens_calls_fail_fast_and_health_degrades_then_recovers_after_it_restarts()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var sandbox = await VendorSandboxServer.StartAsync();
        using var host = new VendorModuleHost(sandbox, new Dictionary<string, string?>
        {
            ["Vendors:VNPT:Resilience:CircuitMinimumThroughput"] = "3",
            ["Vendors:VNPT:Resilience:CircuitSamplingDuration"] = "00:00:30",
            ["Vendors:VNPT:Resilience:CircuitBreakDuration"] = "00:00:02",
        });
        var provider = host.Provider<IDigitalSignatureProvider>(VnptModule.VendorName);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.True((await provider.ListCertificatesAsync(An, cancellation)).Succeeded);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(cancellation)).Entries["vendor-vnpt"].Status);

        sandbox.Stop();
        var failures = new List<VendorFailure>();
        for (var call = 0; call < 6; call++)
        {
            var result = await provider.ListCertificatesAsync(An, cancellation);
            failures.Add(Assert.IsType<VendorFailure>(result.Failure));
        }

        Assert.All(failures, failure => Assert.Equal(VendorFailureCodes.Unavailable, failure.Code));
        Assert.Contains(failures, failure => failure.Message.Contains("circuit is open", StringComparison.Ordinal));
        var started = Stopwatch.GetTimestamp();
        var whileOpen = await provider.ListCertificatesAsync(An, cancellation);
        Assert.Contains("circuit is open", whileOpen.Failure!.Message, StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(200), $"An open circuit answered after {Stopwatch.GetElapsedTime(started)}.");
        var unhealthy = (await health.CheckHealthAsync(cancellation)).Entries["vendor-vnpt"];
        Assert.Equal(HealthStatus.Degraded, unhealthy.Status);
        Assert.Contains("unavailable", unhealthy.Description, StringComparison.Ordinal);

        await sandbox.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HealthReportEntry entry;
        while ((entry = (await health.CheckHealthAsync(cancellation)).Entries["vendor-vnpt"]).Status != HealthStatus.Healthy)
        {
            Assert.True(DateTime.UtcNow < deadline, $"vendor-vnpt stayed {entry.Status}: {entry.Description}");
            await Task.Delay(250, cancellation);
        }

        Assert.True((await provider.ListCertificatesAsync(An, cancellation)).Succeeded);
    }

    [Fact]
    public async Task A_sandbox_slower_than_the_attempt_timeout_is_reported_as_a_timeout_not_a_hang()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var sandbox = await VendorSandboxServer.StartAsync(new Dictionary<string, string> { ["Sandbox__Latency"] = "00:00:05" });
        using var host = new VendorModuleHost(sandbox, new Dictionary<string, string?>
        {
            ["Vendors:FPT:Resilience:AttemptTimeout"] = "00:00:01",
            ["Vendors:FPT:Resilience:TotalTimeout"] = "00:00:03",
        });
        var registry = host.Provider<IPopulationRegistry>("FPT");

        var started = Stopwatch.GetTimestamp();
        var result = await registry.LookUpAsync(new PersonLookup(An, "Dossier 00004-261129-0001", "consent-1", "clerk.badinh"), cancellation);

        Assert.Equal(VendorFailureCodes.Timeout, result.Failure?.Code);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3), $"The lookup took {Stopwatch.GetElapsedTime(started)}.");
    }
}
