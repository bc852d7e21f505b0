using System.Net;
using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The anonymous endpoints: the public lookup by code and the applicant's digits, rate-limited, and the vocabulary.</summary>
[Trait("Category", "Integration")]
public sealed class DossierLookupTests(LocalServersFixture servers) : HostedPlatformTests(servers, "lookup")
{
    private const int PerCode = 3;
    private const int PerAddress = 6;

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Dossiers:Lookup:PerCodePer15Minutes"] = $"{PerCode}",
            ["Dossiers:Lookup:PerAddressPerMinute"] = $"{PerAddress}",
        });

    [Fact]
    public async Task The_right_digits_show_where_the_dossier_stands_without_anything_personal_and_wrong_digits_look_like_an_unknown_code()
    {
        var dossier = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var code = dossier.Code;

        using var found = await LookupAsync($"code={code}&digits=2345");
        using var wrongDigits = await LookupAsync($"code={code}&digits=2346");
        using var unknown = await LookupAsync("code=00004-991231-9999&digits=2345");
        using var badCode = await LookupAsync("code=not-a-code&digits=2345");
        using var badDigits = await LookupAsync($"code={code}&digits=12a");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(["code", "procedureCode", "status", "receivedAt", "dueAt", "deadline", "agency"], (await found.ReadAsync<JsonElement>()).EnumerateObject().Select(property => property.Name));
        var answer = await found.ReadAsync<DossierLookup>();
        Assert.Equal(code, answer.Code);
        Assert.Equal("1.004222", answer.ProcedureCode);
        Assert.Equal(1, answer.Status);
        Assert.Equal("on-time", answer.Deadline);
        Assert.Equal("00004", answer.Agency);
        var text = await found.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("applicant", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("001090012345", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, wrongDigits.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(Comparable(await wrongDigits.ReadAsync<JsonElement>()), Comparable(await unknown.ReadAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("code", (await badCode.ReadAsync<Problem>()).ErrorFields);
        Assert.Equal(HttpStatusCode.BadRequest, badDigits.StatusCode);
        Assert.Contains("digits", (await badDigits.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task Lookups_past_the_limit_per_code_or_per_address_are_429_with_Retry_After()
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= PerCode; attempt++)
        {
            using var guess = await LookupAsync($"code=00004-261201-0001&digits={attempt:0000}");
            statuses.Add(guess.StatusCode);
            if (attempt == PerCode)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, guess.StatusCode);
                Assert.Equal("application/problem+json", guess.Content.Headers.ContentType?.MediaType);
                var wait = guess.Headers.RetryAfter?.Delta;
                Assert.NotNull(wait);
                Assert.InRange(wait.Value, TimeSpan.FromMinutes(1.5), TimeSpan.FromMinutes(15));
            }
        }

        // Every request so far counted against the address (a refused one may count twice: the middleware waits on
        // the address limiter again after the code's refused); other codes are refused once it has used its share.
        TimeSpan? addressWait = null;
        for (var other = 0; other < PerAddress && addressWait is null; other++)
        {
            using var another = await LookupAsync($"code=00070-261201-{other:0000}&digits=2345");
            statuses.Add(another.StatusCode);
            addressWait = another.StatusCode == HttpStatusCode.TooManyRequests ? another.Headers.RetryAfter?.Delta : null;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.NotFound, PerCode), HttpStatusCode.TooManyRequests], statuses.Take(PerCode + 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(statuses.Count <= PerAddress + 1, $"{statuses.Count} lookups from one address before it was refused");
        Assert.NotNull(addressWait);
        Assert.InRange(addressWait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Behind_a_portal_each_forwarded_address_has_its_own_share_of_lookups()
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= PerAddress && statuses.LastOrDefault() != HttpStatusCode.TooManyRequests; attempt++)
        {
            using var lookup = await LookupAsync($"code=00070-261202-{attempt:0000}&digits=2345", forwardedFor: "203.0.113.7");
            statuses.Add(lookup.StatusCode);
        }

        using var neighbour = await LookupAsync("code=00070-261202-0100&digits=2345", forwardedFor: "203.0.113.8");
        using var portalItself = await LookupAsync("code=00070-261202-0101&digits=2345");

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, portalItself.StatusCode);
    }

    [Fact]
    public async Task The_vocabulary_names_every_status_and_step_in_Vietnamese_and_English_for_anyone()
    {
        using var response = await Client.GetAsync("/api/dossiers/vocabulary", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var vocabulary = await response.ReadAsync<Vocabulary>();
        var statuses = vocabulary.Statuses;
        Assert.Equal(Enumerable.Range(1, 10), statuses.Select(status => status.Code));
        Assert.Equal("NewlyRegistered", statuses[0].Key);
        Assert.Equal("Mới đăng ký", statuses[0].Name);
        Assert.Equal("Chờ thực hiện nghĩa vụ tài chính", statuses[5].Name);
        var actions = vocabulary.Actions;
        Assert.Equal(Enum.GetNames<DossierAction>(), actions.Select(action => action.Key));
        var accept = actions.Single(action => action.Key == "Accept");
        Assert.Equal(("Tiếp nhận hồ sơ", "Accepted"), (accept.Name, accept.NameEn));
    }

    /// <summary>A problem without what differs per request (its trace id).</summary>
    private static string Comparable(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(property => property.Name != "traceId").ToDictionary(property => property.Name, property => property.Value));

    private async Task<HttpResponseMessage> LookupAsync(string query, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/lookup?{query}");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
