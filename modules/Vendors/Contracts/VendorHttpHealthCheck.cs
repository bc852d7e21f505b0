using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HanoiEgov.Vendors;

/// <summary>Asks the vendor's API one GET through its resilient HttpClient.</summary>
internal sealed class VendorHttpHealthCheck(IHttpClientFactory clients, string clientName, string path) : IHealthCheck
{
    private static readonly HttpRequestOptionsKey<bool> Probe = new("HanoiEgov.Vendors.HealthProbe");

    public static bool IsProbe(HttpRequestMessage request) => request.Options.TryGetValue(Probe, out var probe) && probe;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.RelativeOrAbsolute));
            request.Options.Set(Probe, true);
            using var response = await clients.CreateClient(clientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"GET {path}: {(int)response.StatusCode}")
                : new HealthCheckResult(context.Registration.FailureStatus, $"GET {path}: {(int)response.StatusCode}");
        }
        catch (Exception exception) when (VendorFailure.FromException(exception, cancellationToken) is { } failure)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"GET {path}: {failure.Code}: {failure.Message}");
        }
    }
}
