using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using Npgsql;

namespace HanoiEgov.Benchmarks;

/// <summary>Worklist and statistics latency through the HTTP API, one request at a time, with a million dossiers loaded.</summary>
internal sealed class QueryBenchmark(BenchPlatform platform, BenchOptions options)
{
    private const string Agency = DossierLoader.Busiest;

    // Enough for tiered compilation to reach optimized code on the request's path: after 20, the first quiet runs measured
    // unoptimized serialization as a cost per row.
    private const int Warmup = 300;

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
            // One row: what a request costs the API whatever the page holds, against the SQL table below.
            ($"worklist of {Agency}, first page of 1", clerk, $"/api/agencies/{Agency}/worklist?limit=1"),
            ($"statistics of {Agency}, last 30 days (official)", clerk, $"/api/statistics/dossiers?{Period(30)}"),
            ($"statistics of {Agency}, last 365 days (official)", clerk, $"/api/statistics/dossiers?{Period(365)}"),
            ("statistics of all agencies, last 30 days (admin)", admin, $"/api/statistics/dossiers?{Period(30)}"),
            ("statistics of all agencies, last 365 days (admin)", admin, $"/api/statistics/dossiers?{Period(365)}"),
        ];
        Console.WriteLine();
        Console.WriteLine($"| query ({options.Samples} requests one after another, after {Warmup} to warm up) | p50 | p99 |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var (what, token, path) in queries)
        {
            var latencies = new Latencies();
            for (var i = 0; i < options.Samples + Warmup; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await platform.Http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                response.EnsureSuccessStatusCode();
                if (i >= Warmup)
                {
                    latencies.Add(elapsed);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms |"));
        }

        Console.WriteLine();
        await WorklistStatementsAsync();
    }

    /// <summary>
    /// Where the worklist's time goes: its batch (the page, then the count) sent straight to PostgreSQL as the API sends
    /// it, each statement alone, and each one's plan, so the API's share is the first table's figure less the batch's.
    /// </summary>
    private async Task WorklistStatementsAsync()
    {
        // The platform host's data source settings (apps/PlatformHost/Extensions.cs).
        var settings = new NpgsqlConnectionStringBuilder(platform.Database) { NoResetOnClose = true, MaxAutoPrepare = 64 };
        await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        var queries = new DossierQueries(dataSource, TimeProvider.System);
        var filter = new DossierFilter(Agency, DossierOrder.SoonestDue);
        await using var statements = queries.ListBatch(filter);
        (string What, Func<Task> Run)[] runs =
        [
            ("page and count in one batch (what the API sends)", () => queries.ListAsync(filter, CancellationToken.None)),
            ($"the page alone ({filter.Limit} rows)", () => ReadAllAsync(dataSource, statements.BatchCommands[0], explain: false)),
            ("the count alone, as the API reads it (the agency's row of open_dossier_counts)", () => ReadAllAsync(dataSource, statements.BatchCommands[1], explain: false)),
            ($"the count off the index of open dossiers (up to {DossierQueries.MaxCount(DossierOrder.SoonestDue):N0}, before migration 0043)", () => ReadAllAsync(dataSource, IndexCount, explain: false)),
        ];
        Console.WriteLine($"| worklist of {Agency}, first page of 50: its SQL straight to PostgreSQL ({options.Samples} times, after {Warmup}) | p50 | p99 |");
        Console.WriteLine("| --- | ---: | ---: |");
        var medians = new List<double>();
        foreach (var (what, run) in runs)
        {
            var latencies = new Latencies();
            for (var i = 0; i < options.Samples + Warmup; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                if (i >= Warmup)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms |"));
            medians.Add(latencies.Percentile(50));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The count off the index takes {medians[3] / medians[2]:0.0}× the kept count's median, this run."));
        Console.WriteLine();
        foreach (var statement in statements.BatchCommands.Cast<NpgsqlBatchCommand>().Append(IndexCount))
        {
            Console.WriteLine($"    {statement.CommandText}");
            await ReadAllAsync(dataSource, statement, explain: true);
            Console.WriteLine();
        }
    }

    /// <summary>How the unfiltered worklist was counted before migration 0043 kept the count: every entry of the agency's open dossiers in the index, up to the cap.</summary>
    private static NpgsqlBatchCommand IndexCount => new(
        $"SELECT count(*) FROM (SELECT 1 FROM dossiers.dossiers WHERE agency = @agency AND status NOT IN {StatusSql.Final} LIMIT {DossierQueries.MaxCount(DossierOrder.SoonestDue)}) AS passing")
    {
        Parameters = { new NpgsqlParameter<string>("agency", Agency) },
    };

    /// <summary>Runs one statement of a batch on its own and reads its rows; with <paramref name="explain"/>, prints its plan as run instead.</summary>
    private static async Task ReadAllAsync(NpgsqlDataSource dataSource, NpgsqlBatchCommand statement, bool explain)
    {
        await using var command = dataSource.CreateCommand((explain ? "EXPLAIN (ANALYZE, BUFFERS) " : "") + statement.CommandText);
        foreach (NpgsqlParameter parameter in statement.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (explain)
            {
                Console.WriteLine($"    {reader.GetString(0)}");
            }
        }
    }
}
