using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// Both interlinked groups end to end on the platform, with the sandbox's decision times set to the parts' legal
/// budgets from the catalogue on a scale of one working day to <see cref="Day"/>: the commune decides its part at once
/// (its budget is the same day), the police's residence and identity-card systems and Social Security take their budgets.
/// The groups are those in force today (Decree 301/2026's 3.000722 and 2.002913). Prints the working
/// days the interlinked path took, and the same parts done one after another (each starting when the one before was
/// decided, as a citizen carrying the papers from one office to the next would), from the parts' own times in the run.
/// </summary>
internal sealed class InterlinkedBenchmark(BenchPlatform platform)
{
    private static readonly TimeSpan Day = TimeSpan.FromSeconds(2);

    public async Task RunAsync()
    {
        var catalogue = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestRealm.RepositoryRoot, "modules", "Procedures", "Data", "procedures.json")))!;
        var rows = new List<string>();
        foreach (var (group, citizen, submit) in new (string, string, Func<string, Task<string>>)[]
                 {
                     ("3.000722", "tran.thi.binh", SubmitBirthAsync),
                     ("2.002913", "nguyen.van.an", SubmitDeathAsync),
                 })
        {
            var parts = catalogue["procedures"]!.AsArray().Single(procedure => (string)procedure!["code"]! == group)!["versions"]!.AsArray()[^1]!["parts"]!.AsArray();
            var budget = (int)catalogue["procedures"]!.AsArray().Single(procedure => (string)procedure!["code"]! == group)!["versions"]!.AsArray()[^1]!["processing"]!["workingDays"]!;
            var days = parts.ToDictionary(part => (string)part!["decidedBy"]!, part => (int?)part!["processing"]!["workingDays"] ?? 0);
            await SetSandboxAsync(days["residence-registry"], days["social-insurance"], days.GetValueOrDefault("identity-card-registry"));
            // One untimed run first: the first calls of a process pay for its connections and compiled code.
            await FollowAsync(citizen, await submit(citizen));
            var clock = Stopwatch.StartNew();
            var id = await submit(citizen);
            var whole = await FollowAsync(citizen, id);
            var took = clock.Elapsed;
            var decided = whole["parts"]!.AsArray().Select(part => (
                Key: (string)part!["key"]!,
                Took: DateTimeOffset.Parse((string)part["decidedAt"]!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)part["startedAt"]!, CultureInfo.InvariantCulture)))
                .ToList();
            var oneAfterAnother = decided.Aggregate(TimeSpan.Zero, (sum, part) => sum + part.Took);
            rows.Add($"| {group} | {budget} | {Days(took)} | {Days(oneAfterAnother)} | {string.Join(", ", decided.Select(part => $"{part.Key} {Days(part.Took)}"))} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Interlinked procedures end to end (one working day = {Day.TotalSeconds:0} s of the run; the sandbox decides each part in its catalogue budget)");
        Console.WriteLine("| group | limit (working days) | interlinked (working days) | the parts one after another (working days) | each part |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
        rows.ForEach(Console.WriteLine);
    }

    private static string Days(TimeSpan span) => (span / Day).ToString("0.0", CultureInfo.InvariantCulture);

    private async Task SetSandboxAsync(int residenceDays, int insuranceDays, int identityCardDays)
    {
        var sandbox = platform.Sandbox.Client;
        var settings = (await sandbox.GetFromJsonAsync<JsonObject>("sandbox/settings"))!;
        settings["autoConfirm"] = "Confirm";
        settings["residenceDecisionDelay"] = (Day * residenceDays).ToString("c", CultureInfo.InvariantCulture);
        settings["insuranceDecisionDelay"] = (Day * insuranceDays).ToString("c", CultureInfo.InvariantCulture);
        settings["identityCardDecisionDelay"] = (Day * identityCardDays).ToString("c", CultureInfo.InvariantCulture);
        using var put = await sandbox.PutAsJsonAsync("sandbox/settings", settings);
        put.EnsureSuccessStatusCode();
    }

    private async Task<string> SubmitBirthAsync(string citizen) => await SubmitAsync(citizen, "/api/interlinked/births", new
    {
        agency = "00004",
        child = new { fullName = "Nguyễn Minh Khôi", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
        mother = new { personalId = "001195012346", fullName = "Trần Thị Bình" },
        residence = new { householderPersonalId = "001090012345", address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
        documents = await DocumentsAsync(citizen, "to-khai", "giay-chung-sinh", "giay-to-tuy-than"),
    });

    private async Task<string> SubmitDeathAsync(string citizen) => await SubmitAsync(citizen, "/api/interlinked/deaths", new
    {
        agency = "00004",
        deceased = new { personalId = "001061521665", fullName = "Ngô Quốc Tuấn", dateOfDeath = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), placeOfDeath = "Bệnh viện Bạch Mai" },
        relationship = "Con",
        documents = await DocumentsAsync(citizen, "to-khai", "giay-bao-tu"),
    });

    private async Task<string> SubmitAsync(string citizen, string path, object body)
    {
        var created = await JsonAsync(citizen, HttpMethod.Post, path, JsonContent.Create(body));
        var whole = (string)created["id"]!;
        var part = (string)created["parts"]![0]!["dossierId"]!;
        // The commune decides at once: received, processed, approved, its result signed on the head's (automatic) phone.
        await JsonAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{part}/actions", JsonContent.Create(new { action = "Accept", expectedVersion = 1 }));
        await JsonAsync("official.badinh", HttpMethod.Post, $"/api/dossiers/{part}/actions", JsonContent.Create(new { action = "StartProcessing", expectedVersion = 2 }));
        await JsonAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{part}/actions", JsonContent.Create(new { action = "Approve", expectedVersion = 3 }));
        var result = await JsonAsync("official.badinh", HttpMethod.Post, $"/api/dossiers/{part}/results", Pdf("ket-qua.pdf"));
        var signing = $"/api/dossiers/{part}/results/{(string)result["id"]!}/signing";
        await JsonAsync("head.badinh", HttpMethod.Post, signing, null);
        // The signature is recorded on the dossier when the platform is next asked where signing stands.
        while ((string)(await JsonAsync("head.badinh", HttpMethod.Get, signing, null))["status"]! != "Completed")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return whole;
    }

    private async Task<JsonNode> FollowAsync(string citizen, string id)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            var whole = await JsonAsync(citizen, HttpMethod.Get, $"/api/interlinked/{id}", null);
            if ((bool)whole["completed"]!)
            {
                return whole;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Interlinked dossier {id} did not complete in 3 minutes.");
    }

    private async Task<object[]> DocumentsAsync(string user, params string[] codes)
    {
        var documents = new List<object>();
        foreach (var code in codes)
        {
            var attachment = await JsonAsync(user, HttpMethod.Post, "/api/attachments", Pdf($"{code}.pdf"));
            documents.Add(new { documentCode = code, attachmentId = (string)attachment["id"]! });
        }

        return [.. documents];
    }

    private static MultipartFormDataContent Pdf(string name)
    {
        var file = new ByteArrayContent("%PDF-1.4 giấy tờ"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private readonly Dictionary<string, string> tokens = [];

    private async Task<JsonNode> JsonAsync(string user, HttpMethod method, string path, HttpContent? content)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            token = tokens[user] = await platform.TokenAsync(user, user.Contains('.') && user.Split('.')[0] is "clerk" or "head" or "official" ? "officials-portal" : "citizen-portal");
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await platform.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{user} {method} {path}: {(int)response.StatusCode} {body}");
        }

        return JsonNode.Parse(body) ?? throw new InvalidDataException($"{path} answered nothing.");
    }
}
