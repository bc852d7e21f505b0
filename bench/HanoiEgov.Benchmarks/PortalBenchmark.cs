using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Benchmarks;

/// <summary>A page to measure: of which portal, for which user, at which paths (asked for in turn).</summary>
internal sealed record PortalPage(string What, PortalApp Portal, string User, IReadOnlyList<string> Paths);

/// <summary>
/// The time portals take to render pages for a signed-in user with a million dossiers loaded: requests one after
/// another over one keep-alive loopback connection per user, each timed from sending the request to the last byte of
/// the answer, so it includes the portal's calls to the platform API. Then the platform calls the citizen's dossier
/// page makes, straight to the platform host, to show what the page's time is made of.
/// </summary>
internal sealed class PortalBenchmark(BenchPlatform platform, BenchOptions options)
{
    private const string Citizen = "le.minh.chau";
    private const string CitizenPersonalId = "001302012347";
    private const string PortalLikeClient = "platform";
    private const string Official = "head.badinh";
    private const int Year = 2026;

    // A page runs far more code than an API call, and tiered compilation recompiles a method only after 30 calls and
    // a pause in new compilations: 200 rounds (a few seconds) leave the measured rounds on optimised code.
    private const int WarmUp = 200;

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
            new($"citizen portal, /dossiers (the citizen's {mine.Count}; 1 platform call)", PortalApp.Citizen, Citizen, ["/dossiers"]),
            new($"citizen portal, /dossiers/{{id}} (each of the {mine.Count} in turn; 5 platform calls, 4 of them at once)", PortalApp.Citizen, Citizen, [.. mine.Select(dossier => $"/dossiers/{dossier.Id}")]),
            new($"citizen portal, /dossiers/{{id}} (one returned with its result, {returned.Events} events)", PortalApp.Citizen, Citizen, [$"/dossiers/{returned.Id}"]),
            new("back office, /worklist (Phường Ba Đình's first page of 50, open dossiers soonest due first)", PortalApp.Officials, Official, ["/worklist"]),
            new("back office, /worklist?status=2&channel=online (a filtered first page)", PortalApp.Officials, Official, ["/worklist?status=2&channel=online"]),
            new("back office, /worklist?q=nguyen (applicant name, diacritics optional)", PortalApp.Officials, Official, ["/worklist?q=nguyen"]),
            new($"back office, /statistics (the ward, {Year} by month: series of 12 periods per procedure)", PortalApp.Officials, Official, [$"/statistics?period=month&from={Year}-01-01&to={Year}-12-31"]),
        ];
        var signedIn = new List<PortalSession>();
        foreach (var page in pages)
        {
            signedIn.Add(await SessionAsync(page.Portal, page.User));
        }

        var latencies = await TimeInTurnAsync([.. pages.Select<PortalPage, Func<int, Task>>((page, index) => async round =>
        {
            var path = page.Paths[round % page.Paths.Count];
            using var response = await signedIn[index].GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{page.User} GET {path} at the {page.Portal.ClientId}: {(int)response.StatusCode}");
            }
        })]);
        Console.WriteLine();
        Console.WriteLine($"| page ({options.Samples} rounds one request after another, each page once a round, after {WarmUp} to warm up) | p50 | p99 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (var i = 0; i < pages.Length; i++)
        {
            Console.WriteLine(Row(pages[i].What, latencies[i]));
        }

        Console.WriteLine();
        foreach (var portal in pages.Select(page => page.Portal).Distinct())
        {
            var (now, peak) = platform.PortalMemory(portal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{portal.ClientId} RSS {now:0} MiB (peak {peak:0} MiB)"));
        }

        var host = platform.HostMemory();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"platform host RSS {host.Now:0} MiB (peak {host.Peak:0} MiB)"));

        await TimeDossierPageCallsAsync(mine);
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }
    }

    /// <summary>The platform calls of the dossier page (in its order) and of the list, each on its own, then the dossier page's as it makes them, through a client like the portal's, and at once.</summary>
    private async Task TimeDossierPageCallsAsync(IReadOnlyList<CitizenDossier> mine)
    {
        var token = await platform.TokenAsync(Citizen, PortalApp.Citizen.ClientId);
        using var portalLike = await PortalLikeClientAsync(platform.Http.BaseAddress!);
        var portalClient = portalLike.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PortalLikeClient);
        // The page's own calls, one after another; the procedure and agency names come from the portal's catalogue.
        string[] calls = ["/api/dossiers/{id}", "/api/dossiers/{id}/history", "/api/dossiers/{id}/attachments", "/api/dossiers/{id}/results", "/api/dossiers/{id}/available-actions"];
        Task CallAsync(string call, CitizenDossier dossier) => CallWithAsync(platform.Http, call, dossier);
        async Task CallWithAsync(HttpClient client, string call, CitizenDossier dossier)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, call.Replace("{id}", dossier.Id.ToString(), StringComparison.Ordinal));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
        }

        async Task OneAfterAnotherAsync(HttpClient client, CitizenDossier dossier)
        {
            foreach (var call in calls)
            {
                await CallWithAsync(client, call, dossier);
            }
        }

        (string What, Func<CitizenDossier, Task> Call)[] rows =
        [
            .. calls.Select(call => ($"GET {call}", (Func<CitizenDossier, Task>)(dossier => CallAsync(call, dossier)))),
            ($"the dossier page's {calls.Length}, one after another (as the page made them before it asked four at once)", dossier => OneAfterAnotherAsync(platform.Http, dossier)),
            ($"the same {calls.Length} through an HTTP client built as the portal's (ServiceDefaults: service discovery, resilience, telemetry)", dossier => OneAfterAnotherAsync(portalClient, dossier)),
            ($"the dossier, then the other {calls.Length - 1} at once", async dossier =>
            {
                await CallAsync(calls[0], dossier);
                await Task.WhenAll(calls[1..].Select(call => CallAsync(call, dossier)));
            }),
            ("GET /api/dossiers (the list page's dossiers)", dossier => CallAsync("/api/dossiers", dossier)),
            ("GET /api/procedures (the list page's whole catalogue)", dossier => CallAsync("/api/procedures", dossier)),
        ];
        var latencies = await TimeInTurnAsync([.. rows.Select<(string, Func<CitizenDossier, Task> Call), Func<int, Task>>(row => round => row.Call(mine[round % mine.Count]))]);
        Console.WriteLine();
        Console.WriteLine($"| platform calls as {Citizen}, straight to the platform host ({options.Samples} rounds over the {mine.Count} dossiers, each row once a round, after {WarmUp}) | p50 | p99 | max |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (var i = 0; i < rows.Length; i++)
        {
            Console.WriteLine(Row(rows[i].What, latencies[i]));
        }

        Console.WriteLine();
    }

    /// <summary>A host with the platform's HTTP client configured as a portal's is: <c>AddServiceDefaults</c> and service discovery of <c>platform</c>.</summary>
    private static async Task<IHost> PortalLikeClientAsync(Uri platform)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:platform:http:0"] = platform.AbsoluteUri.TrimEnd('/');
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient(PortalLikeClient, client => client.BaseAddress = new Uri($"http://{PortalLikeClient}"));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string Row(string what, Latencies latencies) => string.Create(CultureInfo.InvariantCulture,
        $"| {what} | {latencies.Percentile(50):0.00} ms | {latencies.Percentile(99):0.00} ms | {latencies.Percentile(100):0.00} ms |");

    /// <summary>
    /// Times each of <paramref name="rows"/> once a round, one after another, for the warm-up and sample rounds: a
    /// burst of load from elsewhere on the machine then falls on every row alike.
    /// </summary>
    private async Task<Latencies[]> TimeInTurnAsync(IReadOnlyList<Func<int, Task>> rows)
    {
        var latencies = rows.Select(_ => new Latencies()).ToArray();
        for (var round = 0; round < WarmUp + options.Samples; round++)
        {
            for (var row = 0; row < rows.Count; row++)
            {
                var started = Stopwatch.GetTimestamp();
                await rows[row](round);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (round >= WarmUp)
                {
                    latencies[row].Add(elapsed);
                }
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
