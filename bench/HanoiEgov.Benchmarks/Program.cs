namespace HanoiEgov.Benchmarks;

internal static class Program
{
    private static async Task Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options.Submissions || options.Queries || options.Portal)
        {
            await using var platform = await BenchPlatform.StartAsync();
            if (options.Submissions)
            {
                await new SubmissionBenchmark(platform, options).RunAsync();
            }

            if (options.Queries)
            {
                await new QueryBenchmark(platform, options).RunAsync();
            }

            if (options.Portal)
            {
                await new PortalBenchmark(platform, options).RunAsync();
            }
        }

        if (options.Faults)
        {
            await using var platform = await BenchPlatform.StartAsync();
            await new FaultBenchmark(platform).RunAsync();
        }

        if (options.Interlinked)
        {
            await using var platform = await BenchPlatform.StartAsync();
            await new InterlinkedBenchmark(platform).RunAsync();
        }

        if (options.Signing)
        {
            await new SigningBenchmark(options).RunAsync();
        }
    }
}
