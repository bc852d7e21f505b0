using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace HanoiEgov.Benchmarks;

/// <summary>One answer the clients got: when its request was sent and answered (on the load's clock), its status, whether it said when to retry.</summary>
internal sealed record SubmissionAnswer(TimeSpan SentAt, TimeSpan AnsweredAt, string Status, bool RetryAfter)
{
    public bool Succeeded => Status is "200" or "201";
}

/// <summary>
/// Clients making online submissions, each with its own Idempotency-Key (<c>{prefix}-{client}-{number}</c>) and
/// retried under that key until acknowledged, round robin over the replicas as a load balancer would; then the
/// acknowledged set counted against what PostgreSQL stores for the prefix.
/// </summary>
/// <param name="keepGoing">While true, clients go on past <paramref name="submissions"/> (up to 250 more each), so a fault's end is seen under load.</param>
internal sealed class KeyedSubmissions(BenchPlatform platform, string prefix, int clients, int submissions, Func<bool>? keepGoing = null)
{
    private const int ExtraPerClient = 250;
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private readonly ConcurrentQueue<SubmissionAnswer> answers = new();
    private readonly ConcurrentDictionary<string, Guid> acknowledged = new();
    private long longestWaitTicks;

    public Stopwatch Clock { get; } = new();

    public int AcknowledgedCount => acknowledged.Count;

    public IReadOnlyCollection<SubmissionAnswer> Answers => answers;

    public int Retries => answers.Count(answer => !answer.Succeeded);

    public TimeSpan LongestWait => TimeSpan.FromTicks(Interlocked.Read(ref longestWaitTicks));

    public async Task RunAsync(IReadOnlyList<HttpClient> replicas)
    {
        var agencies = await platform.HanoiAgenciesAsync();
        var tokens = await Task.WhenAll(SubmissionBenchmark.Citizens.Select(citizen => platform.TokenAsync(citizen.User, "citizen-portal")));
        var perClient = submissions / clients + 1;
        var staged = await SubmissionBenchmark.StageAsync(platform, clients, keepGoing is null ? perClient : perClient + ExtraPerClient);
        Clock.Start();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var number = 0; number < staged[client].Count && (number < perClient && client * perClient + number < submissions || keepGoing?.Invoke() == true); number++)
            {
                var (first, second) = staged[client][number];
                await SubmitUntilAcknowledgedAsync(replicas, $"{prefix}-{client}-{number}", tokens[client % tokens.Length], agencies[random.Next(agencies.Count)], first, second, client + number);
            }
        })));
        Clock.Stop();
    }

    /// <summary>What PostgreSQL holds for the prefix's keys, against what was acknowledged.</summary>
    public async Task<(int Stored, int Lost, long Duplicated)> CountStoredAsync()
    {
        // Each key names one dossier id (derived from applicant and key); a duplicate is a second dossier or a second first event.
        await using var stored = platform.DataSource.CreateCommand(
            """
            SELECT s.idempotency_key, s.dossier_id, (SELECT count(*) FROM dossiers.events e WHERE e.dossier_id = s.dossier_id AND e.version = 1)
            FROM dossiers.submissions s WHERE s.idempotency_key LIKE @prefix
            """);
        stored.Parameters.AddWithValue("prefix", $"{prefix}-%");
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
        return (storedKeys.Count, lost, (storedDossiers - storedKeys.Count) + (firstEvents - storedKeys.Count));
    }

    public string AnswerCounts() =>
        string.Join(", ", answers.GroupBy(answer => answer.Status).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key}: {group.Count()}"));

    private async Task SubmitUntilAcknowledgedAsync(IReadOnlyList<HttpClient> replicas, string key, string token, string agency, Guid first, Guid second, int spread)
    {
        var started = Clock.Elapsed;
        for (var attempt = 0; ; attempt++)
        {
            var http = replicas[(spread + attempt) % replicas.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers")
            {
                Content = JsonContent.Create(new
                {
                    procedureCode = SubmissionBenchmark.Procedure,
                    agency,
                    documents = new[]
                    {
                        new { documentCode = SubmissionBenchmark.DocumentCodes[0], attachmentId = first },
                        new { documentCode = SubmissionBenchmark.DocumentCodes[1], attachmentId = second },
                    },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            var sent = Clock.Elapsed;
            var status = "no answer";
            var retryAfter = false;
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var response = await http.SendAsync(request, cancel.Token);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                retryAfter = response.Headers.RetryAfter is not null;
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    var dossier = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                    acknowledged[key] = dossier.GetProperty("id").GetGuid();
                    answers.Enqueue(new SubmissionAnswer(sent, Clock.Elapsed, status, retryAfter));
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            answers.Enqueue(new SubmissionAnswer(sent, Clock.Elapsed, status, retryAfter));
            var waited = Clock.Elapsed - started;
            if (waited > GiveUpAfter)
            {
                Console.WriteLine($"  gave up on {key} after {waited.TotalSeconds:0} s ({status})");
                return;
            }

            long seen;
            while ((seen = Interlocked.Read(ref longestWaitTicks)) < waited.Ticks && Interlocked.CompareExchange(ref longestWaitTicks, waited.Ticks, seen) != seen)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt + 1, 10)));
        }
    }
}
