using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace HanoiEgov.Benchmarks;

internal sealed record SubmissionFigures(int Clients, int Acknowledged, int Failed, double PerSecond, double P50, double P99, double RssMiB, PgBenchFigures PgBench)
{
    public double Ratio => PerSecond / PgBench.PerSecond;
}

/// <summary>
/// Online submissions over HTTP with citizens' real access tokens, each acknowledged (201) only once its dossier is
/// committed; then pgbench runs the same transaction's SQL for the same time with as many clients.
/// </summary>
internal sealed class SubmissionBenchmark(BenchPlatform platform, BenchOptions options)
{
    internal const string Procedure = "1.004222";
    internal static readonly string[] DocumentCodes = ["to-khai-ct01", "chung-minh-cho-o"];
    // Not le.minh.chau: the portal section measures the pages of a citizen with a few dozen dossiers, not thousands.
    internal static readonly (string User, string PersonalId)[] Citizens = [("nguyen.van.an", "001090012345"), ("tran.thi.binh", "001195012346")];

    /// <summary>A 1 KiB document standing in for an uploaded scan; uploading is its own API call, so it is staged beforehand.</summary>
    internal static readonly byte[] Document = [.. "%PDF-1.4\n"u8, .. Enumerable.Repeat((byte)'x', 1024 - 9)];

    private double platformRate = 800;
    private double pgbenchRate = 1500;

    public async Task RunAsync()
    {
        var agencies = await platform.HanoiAgenciesAsync();
        Console.WriteLine($"Submissions of procedure {Procedure} (2 documents each) to {agencies.Count} Hanoi agencies, {options.Seconds} s per run.");
        Console.WriteLine("Warming up (JIT, connection pools, grain directory)...");
        await RunPlatformAsync(agencies, 32, 8);

        var figures = new List<SubmissionFigures>();
        for (var run = 0; run < options.Clients.Count; run++)
        {
            var clients = options.Clients[run];
            var (acknowledged, failed, elapsed, latencies) = await RunPlatformAsync(agencies, clients, options.Seconds);
            var memory = platform.HostMemory();
            var pgbench = await PgBench.RunAsync(platform, clients, options.Seconds, run, PairsPerClient(clients, pgbenchRate));
            var result = new SubmissionFigures(clients, acknowledged, failed, acknowledged / elapsed, latencies.Percentile(50), latencies.Percentile(99), memory.Now, pgbench);
            platformRate = Math.Max(platformRate, result.PerSecond);
            pgbenchRate = Math.Max(pgbenchRate, pgbench.PerSecond);
            figures.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clients,2} clients: platform {result.PerSecond,7:0.0}/s (p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, {failed} failed, host RSS {memory.Now:0} MiB, peak {memory.Peak:0} MiB); "
                + $"pgbench {pgbench.PerSecond,7:0.0}/s (p50 {pgbench.P50:0.00} ms, p99 {pgbench.P99:0.00} ms); ratio {result.Ratio:0.00}"));
        }

        Console.WriteLine();
        Console.WriteLine("| clients | platform submissions/s | p50 | p99 | pgbench tx/s | pgbench p50 | pgbench p99 | ratio platform/pgbench | host RSS |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Clients} | {row.PerSecond:0} | {row.P50:0.0} ms | {row.P99:0.0} ms | {row.PgBench.PerSecond:0} | {row.PgBench.P50:0.0} ms | {row.PgBench.P99:0.0} ms | {row.Ratio:0.00} | {row.RssMiB:0} MiB |"));
        }

        Console.WriteLine();
    }

    /// <summary>Enough documents for the fastest rate seen so far, twice over, however unevenly the clients go.</summary>
    private int PairsPerClient(int clients, double rate) => (int)Math.Ceiling(rate * 2 * (options.Seconds + 1) / clients) + 100;

    private async Task<(int Acknowledged, int Failed, double Seconds, Latencies Latencies)> RunPlatformAsync(IReadOnlyList<string> agencies, int clients, int seconds)
    {
        var tokens = await Task.WhenAll(Citizens.Select(citizen => platform.TokenAsync(citizen.User, "citizen-portal")));
        var staged = await StageAsync(platform, clients, PairsPerClient(clients, platformRate));
        var latencies = new Latencies();
        var acknowledged = new ConcurrentBag<Guid>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        var stopAt = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            foreach (var (first, second) in staged[client])
            {
                if (clock.Elapsed >= stopAt)
                {
                    return;
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers")
                {
                    Content = JsonContent.Create(new
                    {
                        procedureCode = Procedure,
                        agency = agencies[random.Next(agencies.Count)],
                        documents = new[] { new { documentCode = DocumentCodes[0], attachmentId = first }, new { documentCode = DocumentCodes[1], attachmentId = second } },
                    }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[client % Citizens.Length]);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                var started = Stopwatch.GetTimestamp();
                using var response = await platform.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                    acknowledged.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid());
                }
                else
                {
                    failures.Add($"{(int)response.StatusCode} {body}");
                }
            }

            failures.Add($"client {client} ran out of staged documents");
        }))).ConfigureAwait(false);
        var elapsed = Math.Min(clock.Elapsed.TotalSeconds, seconds + latencies.Percentile(100) / 1000);

        // Durable means committed: every acknowledged dossier must be in the database, with its documents.
        await using var count = platform.DataSource.CreateCommand(
            "SELECT count(*), (SELECT count(*) FROM dossiers.attachments WHERE dossier_id = ANY(@ids)) FROM dossiers.dossiers WHERE id = ANY(@ids)");
        count.Parameters.AddWithValue("ids", acknowledged.ToArray());
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetInt64(0) != acknowledged.Count || reader.GetInt64(1) != 2L * acknowledged.Count)
        {
            throw new InvalidOperationException($"{acknowledged.Count} submissions were acknowledged but {reader.GetInt64(0)} dossiers with {reader.GetInt64(1)} documents are stored.");
        }

        await using var unused = platform.DataSource.CreateCommand("DELETE FROM dossiers.staged_attachments");
        await unused.ExecuteNonQueryAsync();
        foreach (var failure in failures.Distinct().Take(3))
        {
            Console.WriteLine($"  not acknowledged: {failure[..Math.Min(failure.Length, 300)]}");
        }

        return (acknowledged.Count, failures.Count(failure => !failure.StartsWith("client ", StringComparison.Ordinal)), elapsed, latencies);
    }

    /// <summary>Stages two documents per submission for every client's citizen (COPY, outside the measured time).</summary>
    internal static async Task<List<(Guid, Guid)>[]> StageAsync(BenchPlatform platform, int clients, int pairsPerClient)
    {
        var staged = Enumerable.Range(0, clients).Select(_ => new List<(Guid, Guid)>(pairsPerClient)).ToArray();
        var hash = SHA256.HashData(Document);
        await using var connection = await platform.DataSource.OpenConnectionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY dossiers.staged_attachments (id, owner_id, file_name, content_type, size, sha256, content, uploaded_at) FROM STDIN (FORMAT BINARY)"))
        {
            var now = DateTime.UtcNow;
            for (var client = 0; client < clients; client++)
            {
                for (var pair = 0; pair < pairsPerClient; pair++)
                {
                    var ids = (Guid.NewGuid(), Guid.NewGuid());
                    staged[client].Add(ids);
                    foreach (var id in new[] { ids.Item1, ids.Item2 })
                    {
                        await writer.StartRowAsync();
                        await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                        await writer.WriteAsync(Citizens[client % Citizens.Length].PersonalId, NpgsqlDbType.Text);
                        await writer.WriteAsync("scan.pdf", NpgsqlDbType.Text);
                        await writer.WriteAsync("application/pdf", NpgsqlDbType.Text);
                        await writer.WriteAsync((long)Document.Length, NpgsqlDbType.Bigint);
                        await writer.WriteAsync(hash, NpgsqlDbType.Bytea);
                        await writer.WriteAsync(Document, NpgsqlDbType.Bytea);
                        await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    }
                }
            }

            await writer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE dossiers.staged_attachments", connection);
        await analyze.ExecuteNonQueryAsync();
        return staged;
    }
}
