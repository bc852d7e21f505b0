using System.Net;
using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// Whatever way the platform fails a portal's call - refused, timed out or cut off by the resilience handler, or a 5xx -
/// the page gets <see cref="PlatformUnavailableException"/> (the "try again" page or a banner), never a 500.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlatformApiFailureTests
{
    public static TheoryData<string> Failures => ["refused", "attempt-timeout", "circuit-open", "503"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_way_the_platform_fails_a_read_or_a_step_is_unavailable_to_the_page(string failure)
    {
        var api = new PlatformApi(new OneClient(new Failing(failure)), new HttpContextAccessor { HttpContext = new DefaultHttpContext() });

        await Assert.ThrowsAsync<PlatformUnavailableException>(() => api.GetAsync<Dossier>("/api/dossiers/00000000-0000-0000-0000-000000000001"));
        await Assert.ThrowsAsync<PlatformUnavailableException>(() => api.PostAsync<Dossier>("/api/dossiers/00000000-0000-0000-0000-000000000001/actions", new { action = "Accept" }));
        await Assert.ThrowsAsync<PlatformUnavailableException>(() => api.DownloadAsync("/api/dossiers/00000000-0000-0000-0000-000000000001/forms/01"));
    }

    private sealed class Failing(string failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => failure switch
        {
            "refused" => throw new HttpRequestException("Connection refused"),
            "attempt-timeout" => throw new TimeoutRejectedException("The attempt timed out."),
            "circuit-open" => throw new BrokenCircuitException("The circuit is open."),
            _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)),
        };
    }

    private sealed class OneClient(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { BaseAddress = new Uri("http://platform") };
    }
}
