using HanoiEgov.Benchmarks;

var options = BenchOptions.Parse(args);
await using var platform = await BenchPlatform.StartAsync();
if (options.Submissions)
{
    await new SubmissionBenchmark(platform, options).RunAsync();
}

if (options.Queries)
{
    await new QueryBenchmark(platform, options).RunAsync();
}
