using System.Globalization;

namespace HanoiEgov.Benchmarks;

/// <summary>Latency samples in milliseconds and their percentiles (nearest rank).</summary>
internal sealed class Latencies
{
    private readonly List<double> samples = [];

    public int Count => samples.Count;

    public void Add(TimeSpan elapsed)
    {
        lock (samples)
        {
            samples.Add(elapsed.TotalMilliseconds);
        }
    }

    public void AddMilliseconds(double milliseconds) => samples.Add(milliseconds);

    public double Percentile(double percent)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        samples.Sort();
        var rank = (int)Math.Ceiling(percent / 100 * samples.Count);
        return samples[Math.Clamp(rank - 1, 0, samples.Count - 1)];
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50):0.00} ms, p99 {Percentile(99):0.00} ms ({Count} samples)");
}
