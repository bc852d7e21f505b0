using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// The platform's promises under a fault: two replicas (two silos of one cluster) take 10,000 online submissions from
/// 32 clients, each with its own Idempotency-Key and retried under that key until acknowledged, one replica is killed
/// (SIGKILL) a few seconds in, and the acknowledged set is counted against the stored one.
/// </summary>
internal sealed class FaultBenchmark(BenchPlatform platform)
{
    private const int Clients = 32;
    private const int Submissions = 10_000;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public async Task RunAsync()
    {
        Console.WriteLine("Fault: kill -9 one of two replicas while 32 clients make 10,000 submissions...");
        var (second, secondHttp) = await platform.StartReplicaAsync();
        using var _ = secondHttp;
        HttpClient[] replicas = [platform.Http, secondHttp];
        var agencies = await platform.HanoiAgenciesAsync();
        var tokens = await Task.WhenAll(SubmissionBenchmark.Citizens.Select(citizen => platform.TokenAsync(citizen.User, "citizen-portal")));
        var perClient = Submissions / Clients + 1;
        var staged = await SubmissionBenchmark.StageAsync(platform, Clients, perClient);

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var answers = new ConcurrentDictionary<string, int>();
        var retried = 0;
        var killed = false;
        var killedAt = TimeSpan.Zero;
        var longestRetry = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var failover = Task.Run(async () =>
        {
            while (acknowledged.Count < Submissions / 4)
            {
                await Task.Delay(50);
            }

            platform.Host.Stop();
            killedAt = clock.Elapsed;
            killed = true;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  killed replica 1 (pid {platform.Host.Id}) after {acknowledged.Count} acknowledged, at {killedAt.TotalSeconds:0.0} s"));
        });

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var number = 0; number < perClient && client * perClient + number < Submissions; number++)
            {
                var key = $"fault-{client}-{number}";
                var (first, secondDocument) = staged[client][number];
                var agency = agencies[random.Next(agencies.Count)];
                var started = clock.Elapsed;
                for (var attempt = 0; ; attempt++)
                {
                    // Round robin over the replicas, as a load balancer would; a dead one answers nothing.
                    var http = replicas[(client + number + attempt) % replicas.Length];
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers")
                    {
                        Content = JsonContent.Create(new
                        {
                            procedureCode = SubmissionBenchmark.Procedure,
                            agency,
                            documents = new[]
                            {
                                new { documentCode = SubmissionBenchmark.DocumentCodes[0], attachmentId = first },
                                new { documentCode = SubmissionBenchmark.DocumentCodes[1], attachmentId = secondDocument },
                            },
                        }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[client % tokens.Length]);
                    request.Headers.Add("Idempotency-Key", key);
                    var status = "no answer";
                    try
                    {
                        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                        using var response = await http.SendAsync(request, cancel.Token);
                        status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                        {
                            var dossier = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                            acknowledged[key] = dossier.GetProperty("id").GetGuid();
                            answers.AddOrUpdate(status, 1, (_, count) => count + 1);
                            break;
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                    }

                    answers.AddOrUpdate(status, 1, (_, count) => count + 1);
                    Interlocked.Increment(ref retried);
                    var waited = clock.Elapsed - started;
                    if (waited > GiveUpAfter)
                    {
                        Console.WriteLine($"  gave up on {key} after {waited.TotalSeconds:0} s ({status})");
                        break;
                    }

                    lock (answers)
                    {
                        longestRetry = waited > longestRetry ? waited : longestRetry;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt + 1, 10)));
                }
            }
        })));
        await failover;
        var elapsed = clock.Elapsed;

        // What PostgreSQL holds for these keys: each key names one dossier id (derived from applicant and key).
        await using var stored = platform.DataSource.CreateCommand(
            """
            SELECT s.idempotency_key, s.dossier_id, (SELECT count(*) FROM dossiers.events e WHERE e.dossier_id = s.dossier_id AND e.version = 1)
            FROM dossiers.submissions s WHERE s.idempotency_key LIKE 'fault-%'
            """);
        var storedKeys = new Dictionary<string, Guid>();
        var firstEvents = 0L;
        await using (var reader = await stored.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                storedKeys[reader.GetString(0)] = reader.GetGuid(1);
                firstEvents += reader.GetInt64(2);
            }
        }

        await using var dossiers = platform.DataSource.CreateCommand("SELECT count(*) FROM dossiers.dossiers WHERE id = ANY(@ids)");
        dossiers.Parameters.AddWithValue("ids", storedKeys.Values.ToArray());
        var storedDossiers = (long)(await dossiers.ExecuteScalarAsync())!;
        var lost = acknowledged.Count(pair => !storedKeys.TryGetValue(pair.Key, out var id) || id != pair.Value);
        var duplicated = (storedDossiers - storedKeys.Count) + (firstEvents - storedKeys.Count);
        second.Dispose();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {acknowledged.Count} acknowledged in {elapsed.TotalSeconds:0.0} s, {retried} retries, answers {string.Join(", ", answers.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}"))}"));
        Console.WriteLine();
        Console.WriteLine("| fault | submissions acknowledged | stored | acknowledged and lost | duplicated | retries | longest wait for one submission | replica killed at |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| kill -9 one of two replicas, 32 clients | {acknowledged.Count} | {storedKeys.Count} | {lost} | {duplicated} | {retried} | {longestRetry.TotalSeconds:0.0} s | {(killed ? $"{killedAt.TotalSeconds:0.0} s" : "not killed")} |"));
        Console.WriteLine();
        if (lost > 0 || duplicated > 0)
        {
            throw new InvalidOperationException($"{lost} acknowledged submissions were lost and {duplicated} duplicated.");
        }
    }
}
