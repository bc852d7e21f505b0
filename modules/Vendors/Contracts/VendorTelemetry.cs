using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HanoiEgov.Vendors;

/// <summary>
/// The platform's own record of every call it routes to a vendor: a span <c>&lt;Capability&gt; &lt;operation&gt;</c>
/// tagged with the vendor, whether it was the fallback, and the outcome; the counter <c>hanoiegov.vendor.calls</c>
/// and the histogram <c>hanoiegov.vendor.call.duration</c> with the same tags. Source and meter are named
/// <see cref="Name"/>; ServiceDefaults exports both.
/// </summary>
public static class VendorTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "HanoiEgov.Vendors";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("hanoiegov.vendor.calls", description: "Calls the platform routed to a vendor, by capability, vendor and outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("hanoiegov.vendor.call.duration", "s", "How long a vendor call took, by capability, vendor and outcome.");

    internal static async Task<VendorResult<TResult>> MeasureAsync<TResult>(VendorCapability capability, string operation, string vendor, bool fallback, Func<Task<VendorResult<TResult>>> call)
    {
        using var activity = Source.StartActivity($"{capability} {operation}", ActivityKind.Internal);
        activity?.SetTag("vendor.capability", capability.ToString());
        activity?.SetTag("vendor.name", vendor);
        activity?.SetTag("vendor.fallback", fallback);
        var started = Stopwatch.GetTimestamp();
        var result = await call().ConfigureAwait(false);
        var outcome = result.Succeeded ? "success" : result.Failure.Code;
        activity?.SetTag("vendor.outcome", outcome);
        if (!result.Succeeded)
        {
            activity?.SetStatus(result.Failure.IsUnavailable ? ActivityStatusCode.Error : ActivityStatusCode.Unset, result.Failure.Message);
        }

        var tags = new TagList
        {
            { "vendor.capability", capability.ToString() },
            { "vendor.name", vendor },
            { "vendor.operation", operation },
            { "vendor.outcome", outcome },
        };
        Calls.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        return result;
    }
}
