using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace HanoiEgov.Benchmarks;

/// <summary>A page to measure: of which portal, for which user, at which paths (asked for in turn).</summary>
internal sealed record PortalPage(string What, PortalApp Portal, string User, IReadOnlyList<string> Paths);

/// <summary>
/// The time portals take to render pages for a signed-in user with a million dossiers loaded: each page asked for
/// one request after another over one keep-alive loopback connection and timed from sending the request to the last
/// byte of the answer, so it includes the portal's calls to the platform API. Then the platform calls the citizen's
/// dossier page makes, timed on their own, to show what the page's time is made of.
/// </summary>
internal sealed class PortalBenchmark(BenchPlatform platform, BenchOptions options)
{
    private const string Citizen = "le.minh.chau";
    private const string CitizenPersonalId = "001302012347";

    // Pages run far more code than an API call; tiered compilation promotes a method after 30 calls.
    private const int WarmUp = 50;

    private readonly Dictionary<(PortalApp, string), PortalSession> sessions = [];

    public async Task RunAsync()
    {
        await platform.LoadDossiersAsync(options.Dossiers);
        Console.WriteLine($"Giving {Citizen} {CitizenDossiers.Count} dossiers through the API (documents uploaded, officials' steps, result documents)...");
        var mine = await new CitizenDossiers(platform).CreateAsync(Citizen);
        await DescribeAsync(mine);
        var returned = mine.First(dossier => dossier is { Status: "ResultReturned", Results: > 0 });

        PortalPage[] pages =
        [
            new("citizen portal, /profile (signed in, no platform call: the portal's own cost)", PortalApp.Citizen, Citizen, ["/profile"]),
            new($"citizen portal, /dossiers (the citizen's {mine.Count}; 2 platform calls)", PortalApp.Citizen, Citizen, ["/dossiers"]),
            new($"citizen portal, /dossiers/{{id}} (each of the {mine.Count} in turn; 7 platform calls)", PortalApp.Citizen, Citizen, [.. mine.Select(dossier => $"/dossiers/{dossier.Id}")]),
            new($"citizen portal, /dossiers/{{id}} (one returned with its result, {returned.Events} events)", PortalApp.Citizen, Citizen, [$"/dossiers/{returned.Id}"]),
        ];
        Console.WriteLine();
        Console.WriteLine($"| page ({options.Samples} requests one after another, after {WarmUp} to warm up) | p50 | p99 | max | portal RSS | host RSS |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var page in pages)
        {
            var session = await SessionAsync(page.Portal, page.User);
            var latencies = await TimeAsync(async sample =>
            {
                var path = page.Paths[sample % page.Paths.Count];
                using var response = await session.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{page.User} GET {path} at the {page.Portal.ClientId}: {(int)response.StatusCode}");
                }
            });
            var portal = platform.PortalMemory(page.Portal);
            var host = platform.HostMemory();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {page.What} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms | {latencies.Percentile(100):0.00} ms | {portal.Now:0} MiB | {host.Now:0} MiB |"));
        }

        await TimeDossierPageCallsAsync(mine);
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }
    }

    /// <summary>The platform calls of the dossier page (in its order) and of the list, each timed alone, then the page's as it makes them and as it could.</summary>
    private async Task TimeDossierPageCallsAsync(IReadOnlyList<CitizenDossier> mine)
    {
        var token = await platform.TokenAsync(Citizen, PortalApp.Citizen.ClientId);
        (string What, Func<CitizenDossier, string> Path)[] calls =
        [
            ("dossier", dossier => $"/api/dossiers/{dossier.Id}"),
            ("history", dossier => $"/api/dossiers/{dossier.Id}/history"),
            ("attachments", dossier => $"/api/dossiers/{dossier.Id}/attachments"),
            ("results", dossier => $"/api/dossiers/{dossier.Id}/results"),
            ("available actions", dossier => $"/api/dossiers/{dossier.Id}/available-actions"),
            ("procedure (catalogue)", dossier => $"/api/procedures/{dossier.Procedure}"),
            ("agency (catalogue)", dossier => $"/api/agencies/{dossier.Agency}"),
        ];
        async Task CallAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await platform.Http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        }

        Task AtOnceAsync(CitizenDossier dossier, int count) => Task.WhenAll(calls[1..count].Select(call => CallAsync(call.Path(dossier))));

        (string What, Func<CitizenDossier, Task> Call)[] rows =
        [
            .. calls.Select(call => ($"GET {call.Path(mine[0]).Replace(mine[0].Id.ToString(), "{id}", StringComparison.Ordinal)}: {call.What}", (Func<CitizenDossier, Task>)(dossier => CallAsync(call.Path(dossier))))),
            ("the dossier page's 7, one after another (as the page makes them)", async dossier =>
            {
                foreach (var call in calls)
                {
                    await CallAsync(call.Path(dossier));
                }
            }),
            ("the dossier, then the other 6 at once", async dossier =>
            {
                await CallAsync(calls[0].Path(dossier));
                await AtOnceAsync(dossier, calls.Length);
            }),
            ("the dossier, then its other 4 at once (procedure and agency remembered)", async dossier =>
            {
                await CallAsync(calls[0].Path(dossier));
                await AtOnceAsync(dossier, 5);
            }),
            ("GET /api/dossiers: the list page's list of the citizen's dossiers", _ => CallAsync("/api/dossiers")),
            ("GET /api/procedures: the list page's whole catalogue", _ => CallAsync("/api/procedures")),
        ];
        Console.WriteLine();
        Console.WriteLine($"| platform calls as {Citizen}, straight to the platform host ({options.Samples} one after another over the {mine.Count} dossiers, after {WarmUp}) | p50 | p99 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (what, call) in rows)
        {
            var latencies = await TimeAsync(sample => call(mine[sample % mine.Count]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms | {latencies.Percentile(100):0.00} ms |"));
        }

        Console.WriteLine();
    }

    private async Task<Latencies> TimeAsync(Func<int, Task> sample)
    {
        var latencies = new Latencies();
        for (var i = 0; i < WarmUp + options.Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await sample(i);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (i >= WarmUp)
            {
                latencies.Add(elapsed);
            }
        }

        return latencies;
    }

    private async Task<PortalSession> SessionAsync(PortalApp portal, string user)
    {
        if (!sessions.TryGetValue((portal, user), out var session))
        {
            session = sessions[(portal, user)] = await PortalSession.SignInAsync(await platform.PortalAsync(portal), user);
        }

        return session;
    }

    private async Task DescribeAsync(IReadOnlyList<CitizenDossier> mine)
    {
        await using var count = platform.DataSource.CreateCommand("SELECT count(*), (SELECT count(*) FROM dossiers.dossiers) FROM dossiers.dossiers WHERE applicant_id = @applicant");
        count.Parameters.AddWithValue("applicant", CitizenPersonalId);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        var statuses = string.Join(", ", mine.GroupBy(dossier => dossier.Status).Select(group => $"{group.Count()} {group.Key}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Citizen} owns {reader.GetInt64(0)} of {reader.GetInt64(1):N0} dossiers: {statuses}; {mine.Min(dossier => dossier.Events)} to {mine.Max(dossier => dossier.Events)} events, "
            + $"{mine.Sum(dossier => dossier.Attachments)} documents, {mine.Sum(dossier => dossier.Results)} results."));
    }
}
