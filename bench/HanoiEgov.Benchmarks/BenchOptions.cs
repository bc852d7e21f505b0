using System.Globalization;

namespace HanoiEgov.Benchmarks;

/// <summary>What to measure: <c>--seconds 10 --clients 1,8,32 --dossiers 1000000 --samples 500 --only submissions|queries|portal|signing|faults|interlinked</c>.</summary>
internal sealed record BenchOptions(int Seconds, IReadOnlyList<int> Clients, int Dossiers, bool Submissions, bool Queries, bool Portal, bool Signing, int Samples, bool Faults = false, bool Interlinked = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        var only = values.GetValueOrDefault("only");
        return new BenchOptions(
            int.Parse(values.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture),
            [.. values.GetValueOrDefault("clients", "1,8,32").Split(',').Select(count => int.Parse(count, CultureInfo.InvariantCulture))],
            int.Parse(values.GetValueOrDefault("dossiers", "1000000"), CultureInfo.InvariantCulture),
            only is null or "submissions",
            only is null or "queries",
            only is null or "portal",
            only is null or "signing",
            int.Parse(values.GetValueOrDefault("samples", "500"), CultureInfo.InvariantCulture),
            // Not part of the full run: it kills a replica.
            only is "faults",
            only is null or "interlinked");
    }
}
