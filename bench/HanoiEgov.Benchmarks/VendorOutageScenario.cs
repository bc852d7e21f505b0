using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// The vendor sandbox's outage switch (<c>PUT /sandbox/settings</c>, every face answers 503) thrown while heads ask
/// VNPT to sign dossiers' results and citizens pay fees at Viettel: the calls fail, the modules' circuits open (the
/// answers say so and come back fast), every dossier stays where it was, and after the switch is off each call is
/// retried until it succeeds.
/// </summary>
internal sealed class VendorOutageScenario(BenchPlatform platform)
{
    private const int DossiersPerVendor = 16;
    private const string Applicant = "nguyen.van.an";
    private const string ApplicantId = "001090012345";
    private const string Clerk = "clerk.badinh";
    private const string Head = "head.badinh";
    private static readonly byte[] ResultPdf = "%PDF-1.7\n% Giấy xác nhận\n"u8.ToArray();
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private readonly Dictionary<string, string> tokens = [];

    private sealed record Attempt(TimeSpan Took, HttpStatusCode Status, bool RetryAfter, bool CircuitOpen, string? Detail);

    public async Task<FaultRow> RunAsync()
    {
        Console.WriteLine($"Fault: vendor sandbox outage while {DossiersPerVendor} results are signed (VNPT) and {DossiersPerVendor} dossiers paid (Viettel)...");
        foreach (var (user, client) in new[] { (Clerk, "officials-portal"), (Head, "officials-portal"), (Applicant, "citizen-portal") })
        {
            tokens[user] = await platform.TokenAsync(user, client);
        }

        var signing = new List<(string Id, string ResultId)>();
        var paying = new List<string>();
        for (var number = 0; number < DossiersPerVendor; number++)
        {
            var id = await CounterDossierAsync();
            await ActAsync(id, "StartProcessing", 1);
            signing.Add((id, await UploadResultAsync(id)));
            var fee = await CounterDossierAsync();
            await ActAsync(fee, "RequestPayment", 1);
            paying.Add(fee);
        }

        // One call of each before the outage: what a healthy call costs.
        var warm = await CounterDossierAsync();
        await ActAsync(warm, "StartProcessing", 1);
        var healthy = await TimedAsync(Head, HttpMethod.Post, SigningPath((warm, await UploadResultAsync(warm))));
        var versions = new Dictionary<string, int>();
        foreach (var id in signing.Select(dossier => dossier.Id).Concat(paying))
        {
            versions[id] = (await DossierAsync(id)).GetProperty("version").GetInt32();
        }

        await SwitchOutageAsync(true);
        var during = new List<Attempt>();
        try
        {
            for (var number = 0; number < DossiersPerVendor; number++)
            {
                during.Add(await TimedAsync(Head, HttpMethod.Post, SigningPath(signing[number])));
                during.Add(await TimedAsync(Applicant, HttpMethod.Post, $"/api/dossiers/{paying[number]}/payment"));
            }
        }
        finally
        {
            await SwitchOutageAsync(false);
        }

        var switchedOff = Stopwatch.StartNew();
        // Every dossier is still there, at the version it had, its result unsigned or its fees unpaid: it can be retried.
        var retryable = 0;
        foreach (var (id, resultId) in signing)
        {
            var dossier = await DossierAsync(id);
            var result = await JsonAsync(Clerk, HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}");
            retryable += dossier.GetProperty("version").GetInt32() == versions[id] && dossier.GetProperty("status").GetString() == "Processing"
                && result.GetProperty("signing").GetProperty("status").GetString() == "NotRequested" ? 1 : 0;
        }

        foreach (var id in paying)
        {
            var dossier = await DossierAsync(id);
            retryable += dossier.GetProperty("version").GetInt32() == versions[id] && dossier.GetProperty("status").GetString() == "PaymentRequested" ? 1 : 0;
        }

        var firstSuccess = TimeSpan.MaxValue;
        var succeeded = 0;
        var retries = 0;
        foreach (var path in signing.Select(SigningPath).Select(path => (Head, path, HttpStatusCode.Accepted))
            .Concat(paying.Select(id => (Applicant, $"/api/dossiers/{id}/payment", HttpStatusCode.Created))))
        {
            while (switchedOff.Elapsed < GiveUpAfter)
            {
                var attempt = await TimedAsync(path.Item1, HttpMethod.Post, path.Item2);
                retries++;
                if (attempt.Status == path.Item3)
                {
                    succeeded++;
                    firstSuccess = firstSuccess < switchedOff.Elapsed ? firstSuccess : switchedOff.Elapsed;
                    break;
                }

                await Task.Delay(250);
            }
        }

        await using var orders = platform.DataSource.CreateCommand(
            "SELECT count(*) - count(DISTINCT dossier_id) FROM dossiers.payments WHERE dossier_id = ANY(@ids)");
        orders.Parameters.AddWithValue("ids", paying.Select(Guid.Parse).ToArray());
        var duplicated = (long)(await orders.ExecuteScalarAsync())!;

        var attempted = signing.Count + paying.Count;
        var open = during.Where(attempt => attempt.CircuitOpen).ToList();
        var closed = during.Where(attempt => !attempt.CircuitOpen).ToList();
        var others = during.Where(attempt => attempt.Status != HttpStatusCode.ServiceUnavailable).ToList();
        var withRetryAfter = during.Count(attempt => attempt.Status == HttpStatusCode.ServiceUnavailable && attempt.RetryAfter);
        string? finding = null;
        if (others.Count > 0)
        {
            finding = $"answers other than 503 during the outage: {string.Join(", ", others.Select(attempt => (int)attempt.Status))}";
        }
        else if (open.Count == 0)
        {
            finding = "no circuit opened";
        }
        else if (succeeded < attempted)
        {
            finding = $"only {succeeded} of {attempted} retries succeeded after the outage";
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {during.Count} calls during the outage: {open.Count} refused by an open circuit (median {Median(open)} ms), {closed.Count} tried at the vendor (median {Median(closed)} ms); healthy call {healthy.Took.TotalMilliseconds:0} ms"));
        foreach (var said in during.GroupBy(attempt => attempt.Detail).OrderByDescending(group => group.Count()))
        {
            Console.WriteLine($"    {said.Count()} × {(int)said.First().Status}: {said.Key}");
        }

        return new FaultRow(
            $"vendor sandbox outage switch while {DossiersPerVendor} results are signed and {DossiersPerVendor} dossiers paid",
            $"{attempted} dossiers",
            $"{retryable} unchanged, retryable",
            attempted - retryable,
            duplicated,
            string.Create(CultureInfo.InvariantCulture,
                $"503 ×{during.Count - others.Count} ({withRetryAfter} with Retry-After); circuit open ×{open.Count}: median {Median(open)} ms per call vs {Median(closed)} ms while it was closed (healthy {healthy.Took.TotalMilliseconds:0} ms)"),
            firstSuccess == TimeSpan.MaxValue ? "never" : string.Create(CultureInfo.InvariantCulture, $"{firstSuccess.TotalSeconds:0.0} s"),
            $"retries after the switch was off: {succeeded} of {attempted} succeeded ({retries} calls)",
            finding);
    }

    private static string SigningPath((string Id, string ResultId) dossier) => $"/api/dossiers/{dossier.Id}/results/{dossier.ResultId}/signing";

    private static string Median(List<Attempt> attempts) =>
        attempts.Count == 0 ? "—" : attempts.Select(attempt => attempt.Took.TotalMilliseconds).Order().ElementAt(attempts.Count / 2).ToString("0", CultureInfo.InvariantCulture);

    private async Task SwitchOutageAsync(bool on)
    {
        var settings = (await platform.Sandbox.Client.GetFromJsonAsync<JsonObject>("sandbox/settings"))!;
        settings["outage"] = on;
        using var response = await platform.Sandbox.Client.PutAsJsonAsync("sandbox/settings", settings);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Attempt> TimedAsync(string user, HttpMethod method, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await SendAsync(user, method, path);
        var took = Stopwatch.GetElapsedTime(started);
        var text = await response.Content.ReadAsStringAsync();
        var detail = response.IsSuccessStatusCode || text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.TryGetProperty("detail", out var said) ? said.GetString() : null;
        return new Attempt(took, response.StatusCode, response.Headers.RetryAfter is not null, text.Contains("circuit is open", StringComparison.Ordinal), detail);
    }

    private async Task<string> CounterDossierAsync()
    {
        object[] documents =
        [
            new { documentCode = SubmissionBenchmark.DocumentCodes[0], attachmentId = await UploadAsync(Clerk, "/api/attachments", "ct01.pdf", SubmissionBenchmark.Document) },
            new { documentCode = SubmissionBenchmark.DocumentCodes[1], attachmentId = await UploadAsync(Clerk, "/api/attachments", "so-do.pdf", SubmissionBenchmark.Document) },
        ];
        var created = await JsonAsync(Clerk, HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = SubmissionBenchmark.Procedure, applicantId = ApplicantId, applicantName = "Nguyễn Văn An", documents }, HttpStatusCode.Created);
        return created.GetProperty("id").GetString()!;
    }

    private Task<string> UploadResultAsync(string id) => UploadAsync(Clerk, $"/api/dossiers/{id}/results", "ket-qua.pdf", ResultPdf);

    private async Task<string> UploadAsync(string user, string path, string name, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", name } };
        return (await JsonAsync(user, HttpMethod.Post, path, form, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    private Task<JsonElement> ActAsync(string id, string action, int expectedVersion) =>
        JsonAsync(Clerk, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion }, HttpStatusCode.OK);

    private Task<JsonElement> DossierAsync(string id) => JsonAsync(Clerk, HttpMethod.Get, $"/api/dossiers/{id}");

    private Task<JsonElement> JsonAsync(string user, HttpMethod method, string path) => JsonAsync(user, method, path, null, HttpStatusCode.OK);

    private async Task<JsonElement> JsonAsync(string user, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(user, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{user} {method} {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        return await platform.Http.SendAsync(request);
    }
}
