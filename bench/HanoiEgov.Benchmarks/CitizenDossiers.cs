using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace HanoiEgov.Benchmarks;

/// <summary>One of the measured citizen's dossiers, as its page shows it.</summary>
internal sealed record CitizenDossier(Guid Id, string Code, string Procedure, string Agency, string Status, int Events, int Attachments, int Results);

/// <summary>
/// Gives a citizen a record of their own among the loaded dossiers, made as real ones are: sent online through the
/// API with every document of the procedure uploaded, then taken through their steps by the agencies' officials, so
/// each has an event history (1 to 6 events) and most a result document (unsigned: signing needs a vendor).
/// </summary>
internal sealed class CitizenDossiers(BenchPlatform platform)
{
    private static readonly (string Agency, string Officials)[] Agencies = [("00004", "badinh"), ("00070", "hoankiem")];
    private static readonly string[] Procedures = ["1.004222", "1.004194", "1.001193", "1.000894"];

    // Most returned with their result, as the loader's older dossiers mostly are; "result" is an official's upload.
    private static readonly (int Count, string[] Steps)[] Fates =
    [
        (12, ["Accept", "StartProcessing", "result", "Approve", "ReturnResult"]),
        (3, ["Accept", "StartProcessing", "result", "Approve"]),
        (4, ["Accept", "StartProcessing"]),
        (2, ["Accept", "StartProcessing", "RequestSupplement"]),
        (1, ["Accept", "RequestPayment"]),
        (2, ["Accept"]),
        (3, []),
        (1, ["Refuse"]),
        (2, ["Accept", "Withdraw"]),
    ];

    private readonly Dictionary<string, string> tokens = [];

    public static int Count => Fates.Sum(fate => fate.Count);

    public async Task<IReadOnlyList<CitizenDossier>> CreateAsync(string citizen)
    {
        var documents = new Dictionary<string, string[]>();
        foreach (var code in Procedures)
        {
            var procedure = await platform.Http.GetFromJsonAsync<JsonElement>($"/api/procedures/{code}");
            documents[code] = [.. procedure.GetProperty("version").GetProperty("requiredDocuments").EnumerateArray().Select(document => document.GetProperty("code").GetString()!)];
        }

        var created = new List<CitizenDossier>();
        var steps = Fates.SelectMany(fate => Enumerable.Repeat(fate.Steps, fate.Count)).ToArray();
        for (var i = 0; i < steps.Length; i++)
        {
            var (agency, officials) = Agencies[i % 5 == 4 ? 1 : 0];
            // A fee to pay needs a procedure that charges one.
            var procedure = steps[i].Contains("RequestPayment") ? Procedures[0] : Procedures[i % Procedures.Length];
            var attached = new List<object>();
            foreach (var document in documents[procedure])
            {
                var upload = await SendAsync(citizen, HttpMethod.Post, "/api/attachments", Pdf($"{document}.pdf"), HttpStatusCode.Created);
                attached.Add(new { documentCode = document, attachmentId = upload.GetProperty("id").GetGuid() });
            }

            var dossier = await SendAsync(
                citizen, HttpMethod.Post, "/api/dossiers", JsonContent.Create(new { procedureCode = procedure, agency, documents = attached }), HttpStatusCode.Created, Guid.NewGuid().ToString("N"));
            var id = dossier.GetProperty("id").GetGuid();
            var results = 0;
            foreach (var step in steps[i])
            {
                if (step == "result")
                {
                    await SendAsync($"clerk.{officials}", HttpMethod.Post, $"/api/dossiers/{id}/results", Pdf("ket-qua.pdf"), HttpStatusCode.Created);
                    results++;
                    continue;
                }

                var actor = step switch { "Approve" => $"head.{officials}", "Withdraw" => citizen, _ => $"clerk.{officials}" };
                var reason = step is "Refuse" or "RequestSupplement" ? "The proof of lodging is unreadable; send a clearer scan." : null;
                dossier = await SendAsync(actor, HttpMethod.Post, $"/api/dossiers/{id}/actions",
                    JsonContent.Create(new { action = step, expectedVersion = dossier.GetProperty("version").GetInt32(), reason }), HttpStatusCode.OK);
            }

            created.Add(new CitizenDossier(id, dossier.GetProperty("code").GetString()!, procedure, agency, dossier.GetProperty("status").ToString(),
                dossier.GetProperty("version").GetInt32(), attached.Count, results));
        }

        return created;
    }

    private static MultipartFormDataContent Pdf(string name)
    {
        var file = new ByteArrayContent(SubmissionBenchmark.Document);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private async Task<JsonElement> SendAsync(string user, HttpMethod method, string path, HttpContent content, HttpStatusCode expected, string? idempotencyKey = null)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            token = tokens[user] = await platform.TokenAsync(user, user.Split('.')[0] is "clerk" or "head" ? PortalApp.Officials.ClientId : PortalApp.Citizen.ClientId);
        }

        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await platform.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? JsonDocument.Parse(body).RootElement.Clone()
            : throw new InvalidOperationException($"{user} {method} {path}: {(int)response.StatusCode} {body}");
    }
}
