using System.Globalization;

namespace HanoiEgov.Benchmarks;

/// <summary>One row of the fault table: what was done, and what the clients and the store saw.</summary>
internal sealed record FaultRow(
    string Scenario, string Acknowledged, string Stored, int Lost, long Duplicated, string DuringFault, string BackAfter, string Notes, string? Finding = null);

/// <summary>
/// The platform's promises under faults, one table per run: the vendor sandbox switched to its outage while dossiers
/// are signed and paid, PostgreSQL restarted and Redis restarted while 32 clients make keyed submissions, and one of
/// two replicas killed (SIGKILL) while 32 clients make 10,000 submissions. Each keyed submission is retried under its
/// Idempotency-Key until acknowledged, and the acknowledged set is counted against the stored one.
/// </summary>
internal sealed class FaultBenchmark(BenchPlatform platform)
{
    private const int Clients = 32;
    private const int KillSubmissions = 10_000;
    private const int RestartSubmissions = 3_000;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryPromise = TimeSpan.FromSeconds(10);

    public async Task RunAsync()
    {
        var rows = new List<FaultRow>
        {
            // First: the restarts poll /health, whose vendor checks go through the vendors' circuits, and a window
            // (30 s) full of their successes keeps the failure ratio below the breaker's threshold.
            await new VendorOutageScenario(platform).RunAsync(),
            await RestartUnderLoadAsync("PostgreSQL", platform.Servers.StopPostgresAsync, async () =>
            {
                await platform.Servers.StartPostgresAsync();
                // The benchmark's own pool holds connections the restart cut.
                platform.DataSource.Clear();
            }),
            await RestartUnderLoadAsync("Redis", platform.Servers.StopRedisAsync, platform.Servers.StartRedisAsync),
            // Last: it kills the first replica, which the other scenarios use.
            await KillReplicaAsync(),
        };

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Fault suite, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.MachineName}:"));
        Console.WriteLine();
        Console.WriteLine("| fault | acknowledged (or attempted) | stored | acknowledged and lost | duplicated | answers during the fault | back after | notes |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Scenario} | {row.Acknowledged} | {row.Stored} | {row.Lost} | {row.Duplicated} | {row.DuringFault} | {row.BackAfter} | {row.Notes} |");
        }

        Console.WriteLine();
        var findings = rows.Where(row => row.Lost > 0 || row.Duplicated > 0 || row.Finding is not null).ToList();
        if (findings.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", findings.Select(row =>
                $"{row.Scenario}: {row.Lost} lost, {row.Duplicated} duplicated{(row.Finding is null ? "" : $", {row.Finding}")}")));
        }
    }

    /// <summary>Stops a dependency once a sixth of the submissions are acknowledged, keeps it down <see cref="Outage"/>, starts it again.</summary>
    private async Task<FaultRow> RestartUnderLoadAsync(string dependency, Func<Task> stop, Func<Task> start)
    {
        Console.WriteLine($"Fault: {dependency} restarted while {Clients} clients make {RestartSubmissions:N0} keyed submissions...");
        // The clients go on until a few seconds after the dependency is back, so its return is seen under load.
        var settled = false;
        var load = new KeyedSubmissions(platform, $"fault-{dependency.ToLowerInvariant()}", Clients, RestartSubmissions, () => !settled);
        var running = load.RunAsync([platform.Http]);
        while (load.AcknowledgedCount < RestartSubmissions / 6 && !running.IsCompleted)
        {
            await Task.Delay(20);
        }

        var health = WatchHealthAsync(load, running);
        await stop();
        var down = load.Clock.Elapsed;
        var acknowledgedBefore = load.AcknowledgedCount;
        await Task.Delay(Outage);
        await start();
        var up = load.Clock.Elapsed;
        _ = Task.Delay(RecoveryPromise).ContinueWith(_ => settled = true, TaskScheduler.Default);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {dependency} stopped at {down.TotalSeconds:0.0} s after {acknowledgedBefore} acknowledged, up again at {up.TotalSeconds:0.0} s"));
        await running;
        var probes = await health;
        var unhealthy = probes.Count(probe => !probe.Healthy && probe.At >= down && probe.At < up);
        var healthyAgain = probes.Where(probe => probe.At >= up && probe.Healthy).Select(probe => probe.At - up).DefaultIfEmpty(TimeSpan.MaxValue).Min();

        var during = load.Answers.Where(answer => answer.AnsweredAt >= down && answer.AnsweredAt < up).ToList();
        var unavailable = during.Count(answer => answer.Status == "503");
        var withRetryAfter = during.Count(answer => answer.Status == "503" && answer.RetryAfter);
        var succeeded = during.Count(answer => answer.Succeeded);
        var others = during.Where(answer => answer.Status != "503" && !answer.Succeeded)
            .GroupBy(answer => answer.Status).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} ×{group.Count()}").ToList();
        var firstSuccess = load.Answers.Where(answer => answer.Succeeded && answer.AnsweredAt >= up).Select(answer => answer.AnsweredAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var backAfter = firstSuccess == TimeSpan.MaxValue ? (TimeSpan?)null : firstSuccess - up;
        var (stored, lost, duplicated) = await load.CountStoredAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {load.AcknowledgedCount} acknowledged in {load.Clock.Elapsed.TotalSeconds:0.0} s, {load.Retries} retries, answers {load.AnswerCounts()}"));

        string? finding = null;
        if (others.Any(other => other.StartsWith('5')))
        {
            finding = $"answers other than 503 during the outage: {string.Join(", ", others)}";
        }
        else if (withRetryAfter < unavailable)
        {
            finding = $"{unavailable - withRetryAfter} answers 503 without Retry-After";
        }
        else if (backAfter is null || backAfter > RecoveryPromise)
        {
            finding = $"first submission after {dependency} was up: {(backAfter is null ? "never" : $"{backAfter.Value.TotalSeconds:0.0} s")}";
        }

        return new FaultRow(
            $"{dependency} stopped {Outage.TotalSeconds:0} s and started again, {Clients} clients",
            load.AcknowledgedCount.ToString(CultureInfo.InvariantCulture),
            stored.ToString(CultureInfo.InvariantCulture),
            lost,
            duplicated,
            string.Create(CultureInfo.InvariantCulture,
                $"503 ×{unavailable} ({withRetryAfter} with Retry-After); other: {(others.Count == 0 ? "none" : string.Join(", ", others))}; succeeded ×{succeeded}"),
            backAfter is null ? "never" : string.Create(CultureInfo.InvariantCulture, $"{backAfter.Value.TotalSeconds:0.0} s"),
            string.Create(CultureInfo.InvariantCulture,
                $"{load.Retries} retries, longest wait for one submission {load.LongestWait.TotalSeconds:0.0} s; /health unhealthy in {unhealthy} of {probes.Count(probe => probe.At >= down && probe.At < up)} probes while down, healthy again {(healthyAgain == TimeSpan.MaxValue ? "never" : $"{healthyAgain.TotalSeconds:0.0} s")} after it was up"),
            finding);
    }

    /// <summary>The host's <c>/health</c> every 250 ms until the load ends: what an orchestrator's probe would see.</summary>
    private async Task<List<(TimeSpan At, bool Healthy)>> WatchHealthAsync(KeyedSubmissions load, Task running)
    {
        var probes = new List<(TimeSpan At, bool Healthy)>();
        while (!running.IsCompleted)
        {
            var healthy = false;
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await platform.Http.GetAsync("/health", cancel.Token);
                healthy = response.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            probes.Add((load.Clock.Elapsed, healthy));
            await Task.Delay(250);
        }

        return probes;
    }

    private async Task<FaultRow> KillReplicaAsync()
    {
        Console.WriteLine($"Fault: kill -9 one of two replicas while {Clients} clients make {KillSubmissions:N0} submissions...");
        var (second, secondHttp) = await platform.StartReplicaAsync();
        using var _ = secondHttp;
        using var __ = second;
        var load = new KeyedSubmissions(platform, "fault-kill", Clients, KillSubmissions);
        var running = load.RunAsync([platform.Http, secondHttp]);
        while (load.AcknowledgedCount < KillSubmissions / 4 && !running.IsCompleted)
        {
            await Task.Delay(50);
        }

        platform.Host.Stop();
        var killedAt = load.Clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  killed replica 1 (pid {platform.Host.Id}) after {load.AcknowledgedCount} acknowledged, at {killedAt.TotalSeconds:0.0} s"));
        await running;
        var (stored, lost, duplicated) = await load.CountStoredAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {load.AcknowledgedCount} acknowledged in {load.Clock.Elapsed.TotalSeconds:0.0} s, {load.Retries} retries, answers {load.AnswerCounts()}"));
        var failed = load.Answers.Where(answer => answer.AnsweredAt >= killedAt && !answer.Succeeded)
            .GroupBy(answer => answer.Status).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key} ×{group.Count()}").ToList();
        return new FaultRow(
            $"kill -9 one of two replicas, {Clients} clients",
            load.AcknowledgedCount.ToString(CultureInfo.InvariantCulture),
            stored.ToString(CultureInfo.InvariantCulture),
            lost,
            duplicated,
            failed.Count == 0 ? "none failed" : string.Join(", ", failed),
            "—",
            string.Create(CultureInfo.InvariantCulture,
                $"killed at {killedAt.TotalSeconds:0.0} s; {load.Retries} retries, longest wait for one submission {load.LongestWait.TotalSeconds:0.0} s"));
    }
}
