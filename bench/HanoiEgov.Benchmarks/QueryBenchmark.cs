using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HanoiEgov.BuildingBlocks;

namespace HanoiEgov.Benchmarks;

/// <summary>Worklist and statistics latency through the HTTP API, one request at a time, with a million dossiers loaded.</summary>
internal sealed class QueryBenchmark(BenchPlatform platform, BenchOptions options)
{
    private const string Agency = DossierLoader.Busiest;

    public async Task RunAsync()
    {
        await platform.LoadDossiersAsync(options.Dossiers);
        var now = DateTimeOffset.UtcNow;
        await using (var open = platform.DataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE agency = @agency), count(*) FILTER (WHERE agency = @agency AND status NOT IN (3, 7, 8, 10)), count(*) FROM dossiers.dossiers"))
        {
            open.Parameters.AddWithValue("agency", Agency);
            await using var reader = await open.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"Agency {Agency} (the busiest): {reader.GetInt64(0):N0} dossiers, {reader.GetInt64(1):N0} open; {reader.GetInt64(2):N0} in all.");
        }

        var clerk = await platform.TokenAsync("clerk.badinh", "officials-portal");
        var admin = await platform.TokenAsync("admin", "officials-portal");
        var today = VietnamTime.DayOf(now);
        string Period(int days) => string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-days):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");

        (string What, string Token, string Path)[] queries =
        [
            ($"worklist of {Agency}, first page (50 soonest due, the default)", clerk, $"/api/agencies/{Agency}/worklist"),
            ($"worklist of {Agency}, first page of 200 (the most a page holds)", clerk, $"/api/agencies/{Agency}/worklist?limit=200"),
            ($"statistics of {Agency}, last 30 days (official)", clerk, $"/api/statistics/dossiers?{Period(30)}"),
            ($"statistics of {Agency}, last 365 days (official)", clerk, $"/api/statistics/dossiers?{Period(365)}"),
            ("statistics of all agencies, last 30 days (admin)", admin, $"/api/statistics/dossiers?{Period(30)}"),
            ("statistics of all agencies, last 365 days (admin)", admin, $"/api/statistics/dossiers?{Period(365)}"),
        ];
        Console.WriteLine();
        Console.WriteLine($"| query ({options.Samples} requests one after another, after 20 to warm up) | p50 | p99 |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (what, token, path) in queries)
        {
            var latencies = new Latencies();
            for (var i = 0; i < options.Samples + 20; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await platform.Http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                response.EnsureSuccessStatusCode();
                if (i >= 20)
                {
                    latencies.Add(elapsed);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms |"));
        }

        Console.WriteLine();
    }
}
