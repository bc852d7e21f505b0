using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Platform.Tests.PlatformHost;

/// <summary>
/// Hostile requests generated from the platform's own OpenAPI document: for every operation, bad ids, other users'
/// ids, wrong types, missing fields, huge values and injection strings, as a citizen and as a clerk. None may be
/// answered 5xx, every 4xx is problem details, and nothing is stored.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileRequestTests(LocalServersFixture servers) : HostedPlatformTests(servers, "hostile")
{
    private static readonly string Huge = new('ẫ', 20_000);

    /// <summary>What a hostile caller puts where a value goes: wrong types, injections, the huge and the empty.</summary>
    private static readonly string[] Values =
    [
        "not-a-number", "-1", "99999999999999999999", "'; DROP TABLE dossiers.dossiers; --", "<script>alert(1)</script>",
        "../../etc/passwd", "%00", Huge, "",
    ];

    private static readonly string[] Bodies =
    [
        "{",
        "[]",
        "null",
        "{}",
        """{"procedureCode": 42, "agency": [], "documents": "x", "action": {}, "expectedVersion": "one", "personalId": true}""",
        $$"""{"procedureCode": "{{Huge}}", "agency": "'; DROP TABLE x; --", "documents": [{"documentCode": null, "attachmentId": "zzz"}], "reason": "{{Huge}}"}""",
        """{"action": "Approve", "expectedVersion": -5, "newDueAt": "yesterday", "assigneeId": "../admin"}""",
        """{"status": "announced", "daysOff": [{"date": "2026-13-45", "reason": null}]}""",
    ];

    [Fact]
    public async Task Hundreds_of_hostile_requests_from_the_OpenAPI_document_get_no_5xx_only_problem_details_and_store_nothing()
    {
        var calls = new DemoUserCalls(Servers, Client);
        // Someone else's dossier: the hostile caller may name it, never see or change it.
        var othersDossier = (await calls.SubmitResidenceAsync("tran.thi.binh", "00004")).Id;
        var before = await CountStoredAsync();
        var tokens = new Dictionary<string, string>
        {
            ["citizen"] = await TokenAsync("nguyen.van.an", "citizen-portal"),
            ["clerk"] = await TokenAsync("clerk.badinh", "officials-portal"),
        };

        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var requests = Generate(document.RootElement, othersDossier).ToList();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var (method, path, body, contentType) in requests)
        {
            foreach (var (caller, token) in tokens)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
                }

                using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var what = $"{caller} {method} {Shorten(path)} {(body is null ? "" : Shorten(Encoding.UTF8.GetString(body)).ReplaceLineEndings(" "))} -> {status}";
                if (status >= 500)
                {
                    failures.Add($"{what}: {Shorten(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{what}: answered {response.Content.Headers.ContentType?.MediaType ?? "no body"}, not problem details");
                }
                else if (status < 300 && method != "GET")
                {
                    failures.Add($"{what}: a hostile {method} was carried out");
                }
            }
        }

        var after = await CountStoredAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{requests.Count * tokens.Count} hostile requests: " + string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.True(requests.Count * tokens.Count >= 200, $"only {requests.Count * tokens.Count} requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} answers broke the rules:\n" + string.Join("\n", failures.Distinct()));
        Assert.Equal(before, after);
    }

    /// <summary>Every operation of the document, with each path, query and body value replaced by each hostile one.</summary>
    private static IEnumerable<(string Method, string Path, byte[]? Body, string? ContentType)> Generate(JsonElement openApi, string othersDossier)
    {
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                var parameters = operation.Value.TryGetProperty("parameters", out var declared) ? declared.EnumerateArray().ToList() : [];
                var query = parameters.Where(parameter => parameter.GetProperty("in").GetString() == "query").Select(parameter => parameter.GetProperty("name").GetString()!).ToList();
                string Fill(string value, string id) => System.Text.RegularExpressions.Regex.Replace(path.Name, "{[^}]+}", match =>
                    Uri.EscapeDataString(match.Value.Contains("id", StringComparison.OrdinalIgnoreCase) && id.Length > 0 ? id : value));

                // Bad ids and other users' ids in the path.
                foreach (var id in new[] { othersDossier, Guid.NewGuid().ToString(), "not-a-guid" })
                {
                    yield return (method, Fill("00004", id), BodyOf(operation.Value, "{}"), ContentTypeOf(operation.Value));
                }

                // Each hostile value in every path segment and query parameter at once.
                foreach (var value in Values)
                {
                    var target = Fill(value, value.Length > 100 ? value[..100] : value);
                    var queryString = string.Join('&', query.Select(name => $"{name}={Uri.EscapeDataString(value)}"));
                    yield return (method, queryString.Length == 0 ? target : $"{target}?{queryString}", null, null);
                }

                // Hostile bodies where the operation takes one.
                if (operation.Value.TryGetProperty("requestBody", out _))
                {
                    foreach (var body in Bodies)
                    {
                        yield return (method, Fill("00004", othersDossier), BodyOf(operation.Value, body), ContentTypeOf(operation.Value));
                    }
                }
            }
        }
    }

    private static string? ContentTypeOf(JsonElement operation) =>
        !operation.TryGetProperty("requestBody", out var body) ? null
        : body.GetProperty("content").EnumerateObject().Any(content => content.Name == "multipart/form-data") ? "multipart/form-data; boundary=hostile"
        : "application/json";

    private static byte[]? BodyOf(JsonElement operation, string json) => ContentTypeOf(operation) switch
    {
        null => null,
        "application/json" => Encoding.UTF8.GetBytes(json),
        // A Windows executable sent as a PDF, under a file name that climbs out of any folder.
        _ => Encoding.UTF8.GetBytes(
            "--hostile\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../" + (json.Length > 200 ? "x" : json.Replace('"', '_')) + ".pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\nMZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode.\r\n--hostile--\r\n"),
    };

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    private async Task<string> TokenAsync(string user, string portal) =>
        (await Servers.Tokens.SignInAsync(user, portal)).GetProperty("access_token").GetString()!;

    /// <summary>Rows of every table a request could write: dossiers, events, documents staged or attached, results, payments, lookups, calendar years.</summary>
    private async Task<string> CountStoredAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand(
            """
            SELECT string_agg(format('%s.%s=%s', table_schema, table_name,
                   (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text), ', '
                   ORDER BY table_schema, table_name)
            FROM information_schema.tables
            WHERE table_schema IN ('dossiers', 'procedures') AND table_type = 'BASE TABLE'
            """,
            connection);
        return (string)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
