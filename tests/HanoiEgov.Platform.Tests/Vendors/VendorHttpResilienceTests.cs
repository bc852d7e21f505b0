using System.Net;
using HanoiEgov.Vendors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>
/// A vendor's HttpClient, with the platform's service defaults in place: retries only what may be repeated,
/// stops calling a failing vendor, gives up in bounded time, and every such failure is a code, not an exception.
/// </summary>
[Trait("Category", "Integration")]
public sealed class VendorHttpResilienceTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_is_retried_twice_and_a_POST_that_creates_something_is_never_repeated()
    {
        var vendor = new VendorStub(HttpStatusCode.ServiceUnavailable);
        using var host = Host(vendor, new() { ["Vendors:Acme:Resilience:CircuitMinimumThroughput"] = "100" });
        var http = Client(host);

        using (await http.GetAsync("status", Cancellation))
        {
            Assert.Equal(3, vendor.Requests);
        }

        using (await http.PostAsync("sign", new StringContent("{}"), Cancellation))
        {
            Assert.Equal(4, vendor.Requests);
        }
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_calls_fail_fast_as_unavailable_and_it_closes_when_the_vendor_answers()
    {
        var vendor = new VendorStub(HttpStatusCode.ServiceUnavailable);
        using var host = Host(vendor, new() { ["Vendors:Acme:Resilience:CircuitBreakDuration"] = "00:00:00.500" });
        var http = Client(host);
        for (var call = 0; call < 5; call++)
        {
            using var failed = await http.PostAsync("sign", new StringContent("{}"), Cancellation);
        }

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => http.PostAsync("sign", new StringContent("{}"), Cancellation));
        Assert.Equal(5, vendor.Requests);
        Assert.Equal(VendorFailureCodes.Unavailable, VendorFailure.FromException(exception, Cancellation)?.Code);

        vendor.Status = HttpStatusCode.OK;
        await Task.Delay(TimeSpan.FromMilliseconds(700), Cancellation);
        using var recovered = await http.GetAsync("status", Cancellation);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Health_probes_the_vendor_answers_while_its_api_fails_do_not_keep_the_calls_circuit_closed()
    {
        var vendor = new VendorStub(HttpStatusCode.ServiceUnavailable) { HealthyPath = "/health" };
        using var host = Host(vendor, new());
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var http = Client(host);
        for (var probe = 0; probe < 20; probe++)
        {
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Cancellation)).Entries["vendor-acme"].Status);
        }

        for (var call = 0; call < 5; call++)
        {
            using var failed = await http.PostAsync("sign", new StringContent("{}"), Cancellation);
        }

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => http.PostAsync("sign", new StringContent("{}"), Cancellation));
        Assert.Equal(VendorFailureCodes.Unavailable, VendorFailure.FromException(exception, Cancellation)?.Code);
        Assert.Equal(25, vendor.Requests);
    }

    [Fact]
    public async Task A_vendor_that_never_answers_is_a_timeout_within_the_total_time_allowed()
    {
        var vendor = new VendorStub(HttpStatusCode.OK) { Hang = true };
        using var host = Host(vendor, new()
        {
            ["Vendors:Acme:Resilience:AttemptTimeout"] = "00:00:00.200",
            ["Vendors:Acme:Resilience:TotalTimeout"] = "00:00:01",
        });
        var started = TimeProvider.System.GetTimestamp();

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => Client(host).GetAsync("status", Cancellation));

        Assert.Equal(VendorFailureCodes.Timeout, VendorFailure.FromException(exception, Cancellation)?.Code);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.Equal(3, vendor.Requests);
    }

    [Fact]
    public async Task The_vendor_health_check_turns_unhealthy_while_the_vendor_fails_and_healthy_when_it_answers_again()
    {
        var vendor = new VendorStub(HttpStatusCode.ServiceUnavailable);
        using var host = Host(vendor, new() { ["Vendors:Acme:Resilience:CircuitBreakDuration"] = "00:00:00.500" });
        var health = host.Services.GetRequiredService<HealthCheckService>();

        for (var check = 0; check < 7; check++)
        {
            var failing = (await health.CheckHealthAsync(Cancellation)).Entries["vendor-acme"];
            Assert.Equal(HealthStatus.Unhealthy, failing.Status);
            Assert.Contains(VendorModuleBuilder.HealthCheckTag, failing.Tags);
        }

        Assert.Contains("unavailable", (await health.CheckHealthAsync(Cancellation)).Entries["vendor-acme"].Description, StringComparison.Ordinal);
        vendor.Status = HttpStatusCode.OK;
        await Task.Delay(TimeSpan.FromMilliseconds(700), Cancellation);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(Cancellation)).Entries["vendor-acme"].Status);
    }

    [Fact]
    public void A_programming_error_and_the_callers_own_cancellation_are_not_vendor_failures()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(VendorFailure.FromException(new ArgumentException("bad"), Cancellation));
        Assert.Null(VendorFailure.FromException(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.Equal(VendorFailureCodes.Timeout, VendorFailure.FromException(new TaskCanceledException(), Cancellation)?.Code);
    }

    private static IHost Host(VendorStub vendor, Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        settings["Vendors:Acme:Resilience:RetryDelay"] = "00:00:00.001";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        var acme = builder.AddVendorModule("Acme");
        acme.AddHttpClient((_, http) => http.BaseAddress = new Uri("http://acme.invalid/"))
            .ConfigurePrimaryHttpMessageHandler(() => vendor);
        acme.AddHttpHealthCheck("health");
        return builder.Build();
    }

    private static HttpClient Client(IHost host) => host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("vendor-acme");

    /// <summary>Stands in for the vendor's server: answers every request with one status, or never.</summary>
    private sealed class VendorStub(HttpStatusCode status) : HttpMessageHandler
    {
        private int requests;

        public HttpStatusCode Status { get; set; } = status;

        public bool Hang { get; init; }

        /// <summary>A path that answers 200 whatever <see cref="Status"/> is, as a vendor's front page does in an API outage.</summary>
        public string? HealthyPath { get; init; }

        public int Requests => requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new HttpResponseMessage(request.RequestUri?.AbsolutePath == HealthyPath ? HttpStatusCode.OK : Status);
        }
    }
}
