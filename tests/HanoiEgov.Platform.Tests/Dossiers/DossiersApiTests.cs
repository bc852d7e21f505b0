using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Dossiers over HTTP with real tokens of the realm's demo users: who may see and do what.</summary>
public sealed class DossiersApiTests(LocalServersFixture servers) : HostedPlatformTests(servers, "dossierapi")
{
    private const string Anonymous = "(anonymous)";
    private readonly Dictionary<string, string> tokens = [];

    /// <summary>The steps callers may ask of POST /actions; the others are recorded by submission, the deadline clock and signing.</summary>
    private static readonly string[] RequestableActions =
        ["Accept", "Refuse", "StartProcessing", "RequestSupplement", "ProvideSupplement", "RequestPayment", "ConfirmPayment", "StopProcessing", "Approve", "ReturnResult", "Withdraw", "ExtendDeadline", "Assign"];

    /// <summary>The steps that bring an online dossier to each status, with who takes them.</summary>
    private static readonly Dictionary<int, (string User, string Action)[]> PathsTo = new()
    {
        [1] = [],
        [2] = [("clerk.badinh", "Accept")],
        [4] = [("clerk.badinh", "Accept"), ("clerk.badinh", "StartProcessing")],
        [5] = [("clerk.badinh", "Accept"), ("clerk.badinh", "StartProcessing"), ("clerk.badinh", "RequestSupplement")],
        [6] = [("clerk.badinh", "Accept"), ("clerk.badinh", "RequestPayment")],
        [9] = [("clerk.badinh", "Accept"), ("clerk.badinh", "StartProcessing"), ("head.badinh", "Approve")],
    };

    // The authorization matrix looks one dossier's code up 16 times.
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Dossiers:Lookup:PerCodePer15Minutes"] = "50" });

    [Fact]
    public async Task Every_available_action_is_accepted_by_POST_actions_and_every_other_one_is_refused_for_each_role_and_status()
    {
        string[] callers = ["nguyen.van.an", "clerk.badinh", "official.badinh", "head.badinh"];
        var assignee = await SubjectOfAsync("official.badinh");
        var wrong = new List<string>();
        var seen = new Dictionary<(int Status, string Caller), List<string>>();
        foreach (var (status, path) in PathsTo)
        {
            var probe = await DossierInAsync(path);
            foreach (var caller in callers)
            {
                using var response = await SendAsync(caller, HttpMethod.Get, $"/api/dossiers/{probe}/available-actions");
                var answer = await JsonOf(response);
                Assert.Equal(status, answer.GetProperty("status").GetInt32());
                Assert.Equal(path.Length + 1, answer.GetProperty("version").GetInt32());
                var listed = answer.GetProperty("actions").EnumerateArray().Select(item => item.GetProperty("action").GetString()!).ToList();
                seen[(status, caller)] = listed;
                foreach (var action in RequestableActions.Except(listed))
                {
                    using var refused = await SendAsync(caller, HttpMethod.Post, $"/api/dossiers/{probe}/actions", ActionBody(action, path.Length + 1, assignee));
                    if ((int)refused.StatusCode is not (403 or 409))
                    {
                        wrong.Add($"status {status}, {caller}: unlisted {action} was answered {(int)refused.StatusCode}");
                    }
                }

                foreach (var action in listed)
                {
                    var fresh = await DossierInAsync(path);
                    using var accepted = await SendAsync(caller, HttpMethod.Post, $"/api/dossiers/{fresh}/actions", ActionBody(action, path.Length + 1, assignee));
                    if (accepted.StatusCode != HttpStatusCode.OK)
                    {
                        wrong.Add($"status {status}, {caller}: listed {action} was answered {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                    }
                }
            }

            using var after = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{probe}");
            Assert.Equal(path.Length + 1, (await JsonOf(after)).GetProperty("version").GetInt32());
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(["Withdraw"], seen[(1, "nguyen.van.an")]);
        Assert.Equal(["Accept", "Refuse", "RequestSupplement"], seen[(1, "clerk.badinh")]);
        Assert.Equal(["ProvideSupplement", "Withdraw"], seen[(5, "nguyen.van.an")]);
        Assert.Contains("Approve", seen[(4, "head.badinh")]);
        Assert.Equal(["ConfirmPayment"], seen[(6, "clerk.badinh")]);
        Assert.Equal(["ReturnResult"], seen[(9, "clerk.badinh")]);
        Assert.Empty(seen[(9, "nguyen.van.an")]);

        // A plain official processes; only the counter's clerk receives and returns, only a head approves, extends and assigns.
        Assert.Equal(["RequestSupplement"], seen[(1, "official.badinh")]);
        Assert.Equal(["StartProcessing", "RequestPayment"], seen[(2, "official.badinh")]);
        Assert.Equal(["RequestSupplement", "RequestPayment", "StopProcessing"], seen[(4, "official.badinh")]);
        Assert.Empty(seen[(9, "official.badinh")]);
        Assert.Equal(["Accept", "Refuse", "RequestSupplement"], seen[(1, "clerk.badinh")]);
        Assert.Equal(["RequestSupplement", "ExtendDeadline", "Assign"], seen[(1, "head.badinh")]);
        Assert.Equal(["RequestSupplement", "RequestPayment", "StopProcessing", "Approve", "ExtendDeadline", "Assign"], seen[(4, "head.badinh")]);
        Assert.Equal(["Assign"], seen[(5, "head.badinh")]);
        Assert.Equal(["Assign"], seen[(9, "head.badinh")]);
        Assert.All(seen.Where(entry => entry.Key.Caller != "head.badinh"), entry => Assert.DoesNotContain("Assign", entry.Value));
    }

    [Fact]
    public async Task Available_actions_say_what_each_request_needs_whether_the_applicant_can_pay_and_which_forms_apply()
    {
        var online = await DossierInAsync(PathsTo[1]);
        var counter = await CounterDossierAsync();
        await ActAsync("clerk.badinh", counter, "RequestPayment", 1, HttpStatusCode.OK);
        var onlinePaying = await DossierInAsync(PathsTo[6]);

        var head = await AvailableAsync("head.badinh", online);
        var applicantPays = await AvailableAsync("nguyen.van.an", counter);
        var clerkAtPayment = await AvailableAsync("clerk.badinh", counter);
        var nothingToPay = await AvailableAsync("nguyen.van.an", onlinePaying);
        await ActAsync("clerk.badinh", online, new { action = "RequestSupplement", expectedVersion = 1, reason = "Thiếu bản sao sổ hộ khẩu" }, HttpStatusCode.OK);
        var supplement = await AvailableAsync("nguyen.van.an", online);

        var extend = head.GetProperty("actions").EnumerateArray().Single(item => item.GetProperty("action").GetString() == "ExtendDeadline");
        Assert.True(extend.GetProperty("needsReason").GetBoolean());
        Assert.True(extend.GetProperty("needsNewDueAt").GetBoolean());
        Assert.False(extend.GetProperty("takesDocuments").GetBoolean());
        Assert.False(extend.GetProperty("needsAssignee").GetBoolean());
        var assign = head.GetProperty("actions").EnumerateArray().Single(item => item.GetProperty("action").GetString() == "Assign");
        Assert.True(assign.GetProperty("needsAssignee").GetBoolean());
        Assert.False(assign.GetProperty("needsReason").GetBoolean());
        Assert.False(assign.GetProperty("needsNewDueAt").GetBoolean());
        Assert.Equal(["06"], FormsOf(head));
        Assert.True(applicantPays.GetProperty("canPay").GetBoolean());
        Assert.Equal(6, applicantPays.GetProperty("status").GetInt32());
        Assert.Equal(["01", "06"], FormsOf(applicantPays));
        Assert.False(clerkAtPayment.GetProperty("canPay").GetBoolean());
        Assert.False(nothingToPay.GetProperty("canPay").GetBoolean());
        var provide = supplement.GetProperty("actions").EnumerateArray().Single(item => item.GetProperty("action").GetString() == "ProvideSupplement");
        Assert.True(provide.GetProperty("takesDocuments").GetBoolean());
        Assert.False(provide.GetProperty("needsReason").GetBoolean());
        Assert.Equal(["02", "06"], FormsOf(supplement));
        foreach (var form in new[] { "01", "02", "03", "04", "05", "06" })
        {
            using var printed = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{online}/forms/{form}");
            Assert.Equal(FormsOf(supplement).Contains(form) ? HttpStatusCode.OK : HttpStatusCode.Conflict, printed.StatusCode);
        }
    }

    [Fact]
    public async Task A_document_downloads_with_its_type_and_original_name_for_the_dossiers_viewers_only()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        var other = await SubmitAsync("tran.thi.binh", "00004");
        using var listed = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/attachments");
        var form = (await JsonOf(listed)).EnumerateArray().Single(item => item.GetProperty("documentCode").GetString() == "to-khai-ct01").GetProperty("id").GetString();
        using var otherListed = await SendAsync("tran.thi.binh", HttpMethod.Get, $"/api/dossiers/{other}/attachments");
        var othersDocument = (await JsonOf(otherListed))[0].GetProperty("id").GetString();

        using var byApplicant = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/attachments/{form}/content");
        using var byClerk = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/attachments/{form}/content");
        using var byOtherCitizen = await SendAsync("tran.thi.binh", HttpMethod.Get, $"/api/dossiers/{id}/attachments/{form}/content");
        using var throughTheWrongDossier = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/attachments/{othersDocument}/content");

        Assert.Equal(HttpStatusCode.OK, byApplicant.StatusCode);
        Assert.Equal("application/pdf", byApplicant.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", byApplicant.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("ct01.pdf", byApplicant.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("%PDF-1.4 tờ khai CT01"u8.ToArray(), await byApplicant.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherCitizen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, throughTheWrongDossier.StatusCode);
        Assert.Equal("application/problem+json", throughTheWrongDossier.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_citizen_submits_online_and_a_retry_with_the_same_key_returns_the_same_dossier()
    {
        var documents = await UploadResidenceDocumentsAsync("nguyen.van.an");
        using var first = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents }, "key-1");
        using var retry = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents }, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await JsonOf(first);
        var again = await JsonOf(retry);
        Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Matches(@"^00004-\d{6}-\d{4}$", created.GetProperty("code").GetString());
        Assert.Equal("NewlyRegistered", created.GetProperty("status").GetString());
        Assert.Equal(2, created.GetProperty("procedureVersion").GetInt32());
    }

    [Fact]
    public async Task A_dossier_goes_from_submission_to_result_returned_and_its_history_verifies()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2, HttpStatusCode.OK);
        await ActAsync("head.badinh", id, "Approve", 3, HttpStatusCode.OK);
        var returned = await ActAsync("clerk.badinh", id, "ReturnResult", 4, HttpStatusCode.OK);

        Assert.Equal("ResultReturned", returned.GetProperty("status").GetString());
        using var history = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/history");
        Assert.Equal(5, (await JsonOf(history)).GetArrayLength());
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/verification");
        Assert.True((await JsonOf(verification)).GetProperty("intact").GetBoolean());
    }

    [Theory]
    [InlineData("nguyen.van.an", HttpStatusCode.OK)]
    [InlineData("tran.thi.binh", HttpStatusCode.NotFound)]
    [InlineData("clerk.badinh", HttpStatusCode.OK)]
    [InlineData("clerk.hoankiem", HttpStatusCode.NotFound)]
    [InlineData("head.hoankiem", HttpStatusCode.NotFound)]
    public async Task Only_the_applicant_and_officials_of_the_handling_agency_see_a_dossier(string user, HttpStatusCode expected)
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        using var response = await SendAsync(user, HttpMethod.Get, $"/api/dossiers/{id}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_clerk_may_not_approve_and_a_head_of_another_ward_may_not_see_the_dossier()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2, HttpStatusCode.OK);

        await ActAsync("clerk.badinh", id, "Approve", 3, HttpStatusCode.Forbidden);
        await ActAsync("head.hoankiem", id, "Approve", 3, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_transition_the_status_does_not_allow_and_a_stale_version_are_409_naming_the_rule()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        var notAllowed = await ActAsync("clerk.badinh", id, "ReturnResult", 1, HttpStatusCode.Conflict);
        await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        var stale = await ActAsync("clerk.badinh", id, "StartProcessing", 1, HttpStatusCode.Conflict);

        Assert.Equal("action", notAllowed.GetProperty("field").GetString());
        Assert.Equal("expectedVersion", stale.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_action_on_a_stale_version_is_a_409_with_the_current_version_and_status_and_the_steps_recorded_since()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        await ActAsync("official.badinh", id, "StartProcessing", 2, HttpStatusCode.OK);

        // The head's page still shows version 1 (newly registered): two steps were taken since.
        var stale = await ActAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 1, reason = "Chờ xác minh", newDueAt = DateTimeOffset.UtcNow.AddDays(30) }, HttpStatusCode.Conflict);
        var notAllowed = await ActAsync("clerk.badinh", id, "ReturnResult", 3, HttpStatusCode.Conflict);

        Assert.Equal("expectedVersion", stale.GetProperty("field").GetString());
        Assert.Equal(3, stale.GetProperty("currentVersion").GetInt32());
        Assert.Equal(4, stale.GetProperty("currentStatus").GetInt32());
        var changes = stale.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal([2, 3], changes.Select(change => change.GetProperty("version").GetInt32()));
        Assert.Equal(["Accept", "StartProcessing"], changes.Select(change => change.GetProperty("action").GetString()));
        Assert.Equal(["one-stop-clerk", "official"], changes.Select(change => change.GetProperty("actor").GetProperty("role").GetString()));
        Assert.Equal("Processing", changes[^1].GetProperty("status").GetString());
        Assert.Equal(3, notAllowed.GetProperty("currentVersion").GetInt32());
        Assert.False(notAllowed.TryGetProperty("changes", out _));
        using var after = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        Assert.Equal(3, (await JsonOf(after)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Bad_submissions_are_400_naming_the_field_and_write_nothing()
    {
        using var unknown = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "9.999999", agency = "Ba Đình" });
        using var badId = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter", new { procedureCode = "1.001193", applicantId = "12345", applicantName = "Lê Văn C" });
        using var mine = await SendAsync("nguyen.van.an", HttpMethod.Get, "/api/dossiers");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = (await JsonOf(unknown)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("procedureCode", out _));
        Assert.True(errors.TryGetProperty("agency", out _));
        Assert.True((await JsonOf(badId)).GetProperty("errors").TryGetProperty("applicantId", out _));
        Assert.Equal(0, (await JsonOf(mine)).GetArrayLength());
    }

    [Fact]
    public async Task A_commune_procedure_sent_to_a_city_department_or_an_unknown_agency_and_an_impossible_personal_id_are_400_and_write_nothing()
    {
        var documents = await UploadResidenceDocumentsAsync("tran.thi.binh");
        using var department = await SendAsync("tran.thi.binh", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "000.00.07.H26", documents });
        using var outsideHanoi = await SendAsync("tran.thi.binh", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "01273", documents });
        using var unborn = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.001193", applicantId = "001299012345", applicantName = "Lê Văn C" });
        using var mine = await SendAsync("tran.thi.binh", HttpMethod.Get, "/api/dossiers");

        Assert.Contains("commune-level", (await JsonOf(department)).GetProperty("errors").GetProperty("agency")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("GET /api/agencies", (await JsonOf(outsideHanoi)).GetProperty("errors").GetProperty("agency")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("2099", (await JsonOf(unborn)).GetProperty("errors").GetProperty("applicantId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await JsonOf(mine)).GetArrayLength());
    }

    [Fact]
    public async Task A_clerk_registers_at_the_counter_for_their_own_ward_and_it_lands_on_the_wards_worklist()
    {
        var documents = new[]
        {
            new { documentCode = "to-khai", attachmentId = await UploadAsync("clerk.hoankiem", "to-khai.pdf", "application/pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await UploadAsync("clerk.hoankiem", "chung-sinh.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0]) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await UploadAsync("clerk.hoankiem", "cccd.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) },
        };
        using var registered = await SendAsync("clerk.hoankiem", HttpMethod.Post, "/api/dossiers/counter", new { procedureCode = "1.001193", applicantId = "001302012347", applicantName = "Lê Minh Châu", documents });
        var dossier = await JsonOf(registered);
        using var worklist = await SendAsync("head.hoankiem", HttpMethod.Get, "/api/agencies/00070/worklist");
        using var otherWard = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00070/worklist");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("Received", dossier.GetProperty("status").GetString());
        Assert.Equal("00070", dossier.GetProperty("agency").GetString());
        Assert.Contains((await JsonOf(worklist)).EnumerateArray(), item => item.GetProperty("id").GetString() == dossier.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
    }

    [Fact]
    public async Task A_counter_registration_sent_twice_with_the_same_key_is_one_dossier()
    {
        var documents = new[]
        {
            new { documentCode = "to-khai", attachmentId = await UploadAsync("clerk.hoankiem", "to-khai.pdf", "application/pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await UploadAsync("clerk.hoankiem", "chung-sinh.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0]) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await UploadAsync("clerk.hoankiem", "cccd.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]) },
        };
        var body = new { procedureCode = "1.001193", applicantId = "001302012347", applicantName = "Lê Minh Châu", documents };

        using var first = await SendAsync("clerk.hoankiem", HttpMethod.Post, "/api/dossiers/counter", body, idempotencyKey: "counter-7f3a");
        using var again = await SendAsync("clerk.hoankiem", HttpMethod.Post, "/api/dossiers/counter", body, idempotencyKey: "counter-7f3a");
        using var found = await SendAsync("clerk.hoankiem", HttpMethod.Get, "/api/agencies/00070/dossiers?q=Le Minh Chau");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var id = (await JsonOf(first)).GetProperty("id").GetString();
        Assert.Equal(id, (await JsonOf(again)).GetProperty("id").GetString());
        Assert.Single((await JsonOf(found)).EnumerateArray(), item => item.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task The_worklist_comes_a_page_at_a_time_soonest_due_first_and_the_pages_hold_every_open_dossier_once()
    {
        var submitted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            submitted.Add(await SubmitAsync("tran.thi.binh", "00004"));
        }

        using var whole = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?limit=200");
        var expected = (await JsonOf(whole)).EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
        var paged = new List<JsonElement>();
        var pages = 0;
        for (var next = "/api/agencies/00004/worklist?limit=2"; next is not null; pages++)
        {
            using var page = await SendAsync("clerk.badinh", HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var items = (await JsonOf(page)).EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            paged.AddRange(items);
            next = page.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.True(expected.Count < 200, "the whole worklist fits one page of 200");
        Assert.Equal(expected, paged.Select(item => item.GetProperty("id").GetString()!));
        Assert.Equal((expected.Count + 1) / 2 + (expected.Count % 2 == 0 ? 1 : 0), pages);
        Assert.Subset(expected.ToHashSet(), submitted.ToHashSet());
        var due = paged.Select(item => item.GetProperty("dueAt").GetDateTimeOffset()).ToList();
        Assert.Equal(due.Order(), due);
    }

    [Theory]
    [InlineData("?after=not-a-cursor", "after")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    public async Task A_worklist_page_asked_with_a_bad_cursor_or_size_is_a_400_naming_it(string query, string field)
    {
        using var response = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/agencies/00004/worklist{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Statistics_count_received_on_time_and_online_share_per_agency_for_the_city_and_each_agency()
    {
        var processed = await SubmitAsync("nguyen.van.an", "00004");
        await SubmitAsync("tran.thi.binh", "00004");
        await SubmitAsync("le.minh.chau", "00070");
        await ActAsync("clerk.badinh", processed, "Accept", 1, HttpStatusCode.OK);
        await ActAsync("clerk.badinh", processed, "StartProcessing", 2, HttpStatusCode.OK);
        await ActAsync("head.badinh", processed, "Approve", 3, HttpStatusCode.OK);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7));
        var period = $"from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";

        using var city = await SendAsync("admin", HttpMethod.Get, $"/api/statistics/dossiers?{period}");
        using var ward = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?{period}");
        using var otherWard = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?agency=00070&{period}");
        using var badPeriod = await SendAsync("admin", HttpMethod.Get, "/api/statistics/dossiers?from=yesterday&to=2026-01-01");

        var rows = (await JsonOf(city)).EnumerateArray().ToDictionary(row => row.GetProperty("agency").GetString()!);
        Assert.Equal(2, rows["00004"].GetProperty("received").GetInt64());
        Assert.Equal(1, rows["00004"].GetProperty("onTime").GetInt64());
        Assert.Equal(1.0, rows["00004"].GetProperty("onlineShare").GetDouble());
        Assert.Equal(1, rows["00070"].GetProperty("received").GetInt64());
        Assert.Equal(["00004"], (await JsonOf(ward)).EnumerateArray().Select(row => row.GetProperty("agency").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
        Assert.True((await JsonOf(badPeriod)).GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task A_submission_missing_a_required_document_is_400_naming_it_and_leaves_the_upload_staged()
    {
        var documents = (await UploadResidenceDocumentsAsync("nguyen.van.an")).Take(1).ToArray();

        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });
        using var mine = await SendAsync("nguyen.van.an", HttpMethod.Get, "/api/dossiers");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonOf(response);
        Assert.Equal("documents", problem.GetProperty("field").GetString());
        Assert.Contains("chung-minh-cho-o", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await JsonOf(mine)).GetArrayLength());
    }

    [Fact]
    public async Task Someone_elses_upload_cannot_be_attached()
    {
        var documents = await UploadResidenceDocumentsAsync("tran.thi.binh");

        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty("documents", out _));
    }

    [Theory]
    [InlineData("notes.txt", "text/plain", "plain text", "Only")]
    [InlineData("eicar.pdf", "application/pdf", "%PDF-1.4 X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*", "virus scan")]
    public async Task A_forbidden_type_or_an_infected_file_is_refused_naming_the_file(string name, string type, string content, string reason)
    {
        using var response = await UploadResponseAsync("nguyen.van.an", name, type, System.Text.Encoding.ASCII.GetBytes(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await JsonOf(response)).GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dossiers_documents_are_listed_with_their_content_hash()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        using var response = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/attachments");

        var listed = (await JsonOf(response)).EnumerateArray().ToList();
        Assert.Equal(["chung-minh-cho-o", "to-khai-ct01"], listed.Select(item => item.GetProperty("documentCode").GetString()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("%PDF-1.4 tờ khai CT01"u8)), listed[1].GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Officials_find_their_agencys_dossiers_by_code_or_by_name_without_diacritics()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        using var found = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        var code = (await JsonOf(found)).GetProperty("code").GetString()!;

        using var byName = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/dossiers?q=nguyen van");
        using var byCode = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/agencies/00004/dossiers?q={code}");
        using var otherWard = await SendAsync("clerk.hoankiem", HttpMethod.Get, "/api/agencies/00004/dossiers?q=nguyen");
        using var tooShort = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/dossiers?q=n");

        Assert.Contains((await JsonOf(byName)).EnumerateArray(), item => item.GetProperty("id").GetString() == id);
        Assert.Single((await JsonOf(byCode)).EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
        Assert.True((await JsonOf(tooShort)).GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task A_head_extends_the_due_date_with_an_apology_and_the_dossier_then_counts_as_late()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        var accepted = await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        var due = accepted.GetProperty("dueAt").GetDateTimeOffset();
        var later = due.AddDays(3);

        var byClerk = await ActAsync("clerk.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Xin lỗi", newDueAt = later }, HttpStatusCode.Forbidden);
        var noReason = await ActAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, newDueAt = later }, HttpStatusCode.BadRequest);
        var earlier = await ActAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Xin lỗi", newDueAt = due.AddHours(-1) }, HttpStatusCode.BadRequest);
        var extended = await ActAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Cần xác minh thêm nơi cư trú", newDueAt = later }, HttpStatusCode.OK);
        var lateBefore = await LateOfBaDinhAsync();
        await ActAsync("clerk.badinh", id, "StartProcessing", 3, HttpStatusCode.OK);
        await ActAsync("head.badinh", id, "Approve", 4, HttpStatusCode.OK);

        Assert.Equal("Received", extended.GetProperty("status").GetString());
        Assert.Equal(later, extended.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("reason", noReason.GetProperty("field").GetString());
        Assert.Equal("newDueAt", earlier.GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Object, byClerk.ValueKind);
        using var history = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/history");
        var step = (await JsonOf(history)).EnumerateArray().Single(entry => entry.GetProperty("action").GetString() == "ExtendDeadline");
        Assert.Equal("Cần xác minh thêm nơi cư trú", step.GetProperty("reason").GetString());
        Assert.Equal(lateBefore + 1, await LateOfBaDinhAsync());
    }

    [Fact]
    public async Task A_supplement_request_needs_a_reason_and_the_applicant_supplies_new_documents_with_the_answer()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        var noReason = await ActAsync("clerk.badinh", id, new { action = "RequestSupplement", expectedVersion = 1 }, HttpStatusCode.BadRequest);
        await ActAsync("clerk.badinh", id, new { action = "RequestSupplement", expectedVersion = 1, reason = "Bổ sung sổ đỏ bản sao có chứng thực" }, HttpStatusCode.OK);
        var replacement = await UploadAsync("nguyen.van.an", "so-do-chung-thuc.pdf", "application/pdf", "%PDF-1.4 bản sao chứng thực"u8.ToArray());
        var someoneElses = await UploadAsync("tran.thi.binh", "khac.pdf", "application/pdf", "%PDF-1.4 khác"u8.ToArray());
        var foreign = await ActAsync("nguyen.van.an", id,
            new { action = "ProvideSupplement", expectedVersion = 2, documents = new[] { new { documentCode = "chung-minh-cho-o", attachmentId = someoneElses } } }, HttpStatusCode.BadRequest);
        var supplied = await ActAsync("nguyen.van.an", id,
            new { action = "ProvideSupplement", expectedVersion = 2, documents = new[] { new { documentCode = "chung-minh-cho-o", attachmentId = replacement } } }, HttpStatusCode.OK);

        Assert.Equal("reason", noReason.GetProperty("field").GetString());
        Assert.True(foreign.GetProperty("errors").TryGetProperty("documents", out _));
        Assert.Equal("NewlyRegistered", supplied.GetProperty("status").GetString());
        using var attachments = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/attachments");
        Assert.Contains((await JsonOf(attachments)).EnumerateArray(), document => document.GetProperty("id").GetString() == replacement);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_naming_what_could_not_be_read()
    {
        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new StringContent("{ \"procedureCode\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON", (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_vendors_a_head_signs_a_result_through_the_development_provider_whose_CA_nobody_trusts()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        await ActAsync("clerk.badinh", id, "Accept", 1, HttpStatusCode.OK);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2, HttpStatusCode.OK);
        var file = new ByteArrayContent("%PDF-1.7 kết quả"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", "ket-qua.pdf" } };
        using var uploaded = await SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var resultId = (await JsonOf(uploaded)).GetProperty("id").GetString();

        using var requested = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing");
        using var signing = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing");
        using var result = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}");
        using var viaActions = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "SignResult", expectedVersion = 4 });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal("Completed", (await JsonOf(signing)).GetProperty("status").GetString());
        var verification = (await JsonOf(result)).GetProperty("verification");
        Assert.False(verification.GetProperty("isValid").GetBoolean());
        Assert.Equal("untrusted-certificate", verification.GetProperty("problem").GetString());
        Assert.Contains("001078012348", verification.GetProperty("signer").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, viaActions.StatusCode);
    }

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_the_authorization_rules_say()
    {
        string[] callers = ["nguyen.van.an", "tran.thi.binh", "clerk.badinh", "clerk.hoankiem", "head.badinh", "head.hoankiem", "admin", Anonymous];
        var id = await SubmitAsync("nguyen.van.an", "00004");
        var today = DateTime.UtcNow.AddHours(7);
        var period = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        var noResult = Guid.NewGuid();
        using var listed = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/attachments");
        var attachment = (await JsonOf(listed))[0].GetProperty("id").GetString();
        using var dossier = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}");
        var code = (await JsonOf(dossier)).GetProperty("code").GetString();
        // Applicant A and citizen B; clerk and head of the handling ward X (00004) and of ward Y (00070); admin; nobody.
        (HttpMethod Method, string Path, object? Body, int[] Expected)[] matrix =
        [
            (HttpMethod.Get, $"/api/dossiers/{id}", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/history", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/attachments", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/attachments/{attachment}/content", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/attachments/{noResult}/content", null, [404, 404, 404, 404, 404, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/available-actions", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/verification", null, [404, 404, 200, 404, 200, 404, 200, 401]),
            // Public: the lookup proves itself by the applicant's last 4 digits (rate-limited), the vocabulary is words.
            (HttpMethod.Get, $"/api/dossiers/lookup?code={code}&digits=2345", null, [200, 200, 200, 200, 200, 200, 200, 200]),
            (HttpMethod.Get, $"/api/dossiers/lookup?code={code}&digits=0000", null, [404, 404, 404, 404, 404, 404, 404, 404]),
            (HttpMethod.Get, "/api/dossiers/vocabulary", null, [200, 200, 200, 200, 200, 200, 200, 200]),
            (HttpMethod.Get, $"/api/dossiers/{id}/forms/06", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Approve", expectedVersion = 1 }, [403, 404, 403, 404, 409, 404, 404, 401]),
            (HttpMethod.Get, "/api/dossiers", null, [200, 200, 403, 403, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/dossiers", new { }, [400, 400, 403, 403, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/dossiers/counter", new { }, [403, 403, 400, 400, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/population/lookups", new { }, [403, 403, 400, 400, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/attachments", null, [400, 400, 400, 400, 403, 403, 403, 401]),
            (HttpMethod.Get, "/api/agencies/00004/worklist", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, "/api/agencies/00004/dossiers?q=nguyen", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, $"/api/agencies/00004/ledger?{period}", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, $"/api/statistics/dossiers?agency=00004&{period}", null, [403, 403, 200, 403, 200, 403, 200, 401]),
            (HttpMethod.Put, "/api/calendar/2031", new { }, [403, 403, 403, 403, 403, 403, 400, 401]),
            (HttpMethod.Get, "/api/admin-units/import", null, [403, 403, 403, 403, 403, 403, 200, 401]),
            // Results: the agency's officials add them once the dossier is processing, a head signs; the applicant reads.
            (HttpMethod.Post, $"/api/dossiers/{id}/results", null, [403, 403, 409, 404, 409, 404, 403, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/results", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/results/{noResult}", null, [404, 404, 404, 404, 404, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/results/{noResult}/content", null, [404, 404, 404, 404, 404, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/results/{noResult}/signature", null, [404, 404, 404, 404, 404, 404, 404, 401]),
            (HttpMethod.Post, $"/api/dossiers/{id}/results/{noResult}/signing", null, [403, 403, 403, 403, 409, 404, 403, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/results/{noResult}/signing", null, [403, 403, 404, 404, 404, 404, 403, 401]),
            // Payment: the applicant pays once payment is requested; the gateway's callback proves itself by its signature.
            (HttpMethod.Post, $"/api/dossiers/{id}/payment", null, [409, 404, 403, 403, 403, 403, 403, 401]),
            // The back office: officials of the agency, heads assign from its officials, administrators see the city.
            (HttpMethod.Get, "/api/agencies/00004/officials", null, [403, 403, 403, 403, 200, 403, 200, 401]),
            (HttpMethod.Get, "/api/agencies/00004/worklist?assignee=me&status=1&channel=online&procedure=1.004222&deadline=on-time&q=nguyen", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, "/api/agencies/00004/dossiers?status=1", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, $"/api/statistics/dossiers/series?agency=00004&period=week&{period}", null, [403, 403, 200, 403, 200, 403, 200, 401]),
            (HttpMethod.Get, $"/api/statistics/agencies?{period}", null, [403, 403, 403, 403, 403, 403, 200, 401]),
            // Last: the head's assignment moves the dossier to version 2.
            (HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 1, assigneeId = await SubjectOfAsync("official.badinh") }, [403, 404, 403, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/dossiers/{id}/payment", null, [404, 404, 404, 404, 404, 404, 404, 401]),
            (HttpMethod.Post, "/api/payments/callback", new { billcode = "x", check_sum = "forged" }, [400, 400, 400, 400, 400, 400, 400, 400]),
        ];

        var wrong = new List<string>();
        foreach (var (method, path, body, expected) in matrix)
        {
            for (var caller = 0; caller < callers.Length; caller++)
            {
                using var response = path == "/api/attachments" || (method == HttpMethod.Post && path.EndsWith("/results", StringComparison.Ordinal))
                    ? await SendAsync(callers[caller], method, path, new MultipartFormDataContent())
                    : await SendAsync(callers[caller], method, path, body);
                if ((int)response.StatusCode != expected[caller])
                {
                    wrong.Add($"{callers[caller]} {method} {path}: {(int)response.StatusCode}, expected {expected[caller]} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private async Task<object[]> UploadResidenceDocumentsAsync(string user) =>
    [
        new { documentCode = "to-khai-ct01", attachmentId = await UploadAsync(user, "ct01.pdf", "application/pdf", "%PDF-1.4 tờ khai CT01"u8.ToArray()) },
        new { documentCode = "chung-minh-cho-o", attachmentId = await UploadAsync(user, "so-do.pdf", "application/pdf", "%PDF-1.4 chứng minh chỗ ở"u8.ToArray()) },
    ];

    private async Task<string> UploadAsync(string user, string name, string type, byte[] content)
    {
        using var response = await UploadResponseAsync(user, name, type, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonOf(response)).GetProperty("id").GetString()!;
    }

    private async Task<HttpResponseMessage> UploadResponseAsync(string user, string name, string type, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        await SendAsync(user, HttpMethod.Get, "/api/me");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> DossierInAsync((string User, string Action)[] path)
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        for (var step = 0; step < path.Length; step++)
        {
            await ActAsync(path[step].User, id, ActionBody(path[step].Action, step + 1), HttpStatusCode.OK);
        }

        return id;
    }

    /// <summary>A request for the step with whatever it may need: a reason, a new due time well after the current one, an official to assign.</summary>
    private static object ActionBody(string action, int expectedVersion, string? assigneeId = null) =>
        new
        {
            action, expectedVersion, reason = "Lý do ghi trên phiếu", newDueAt = action == "ExtendDeadline" ? DateTimeOffset.UtcNow.AddDays(90) : (DateTimeOffset?)null,
            assigneeId = action == "Assign" ? assigneeId : null,
        };

    /// <summary>The user id (the tokens' <c>sub</c>) of a demo user, as the API reads it.</summary>
    private async Task<string> SubjectOfAsync(string user)
    {
        using var me = await SendAsync(user, HttpMethod.Get, "/api/me");
        return (await JsonOf(me)).GetProperty("subject").GetString()!;
    }

    /// <summary>Permanent residence registered at Ba Đình's counter for Nguyễn Văn An (a fee of 20,000 đồng at the counter).</summary>
    private async Task<string> CounterDossierAsync()
    {
        var documents = await UploadResidenceDocumentsAsync("clerk.badinh");
        using var response = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = "001090012345", applicantName = "Nguyễn Văn An", documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonOf(response)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> AvailableAsync(string user, string id)
    {
        using var response = await SendAsync(user, HttpMethod.Get, $"/api/dossiers/{id}/available-actions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonOf(response);
    }

    private static List<string> FormsOf(JsonElement available) => [.. available.GetProperty("forms").EnumerateArray().Select(form => form.GetString()!)];

    private async Task<string> SubmitAsync(string citizen, string agency)
    {
        var documents = await UploadResidenceDocumentsAsync(citizen);
        using var response = await SendAsync(citizen, HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency, documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonOf(response)).GetProperty("id").GetString()!;
    }

    private Task<JsonElement> ActAsync(string user, string id, string action, int expectedVersion, HttpStatusCode expected) =>
        ActAsync(user, id, new { action, expectedVersion }, expected);

    private async Task<JsonElement> ActAsync(string user, string id, object body, HttpStatusCode expected)
    {
        using var response = await SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", body);
        Assert.True(response.StatusCode == expected, $"{user} {JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return response.Content.Headers.ContentLength == 0 ? default : await JsonOf(response);
    }

    private async Task<long> LateOfBaDinhAsync()
    {
        var today = DateTime.UtcNow.AddHours(7);
        using var response = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        return (await JsonOf(response)).EnumerateArray().Single().GetProperty("late").GetInt64();
    }

    private async Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body as HttpContent ?? (body is null ? null : JsonContent.Create(body)) };
        if (user != Anonymous)
        {
            if (!tokens.TryGetValue(user, out var token))
            {
                var client = user.Split('.')[0] is "clerk" or "official" or "head" or "admin" ? "officials-portal" : "citizen-portal";
                token = tokens[user] = (await Servers.Tokens.SignInAsync(user, client)).GetProperty("access_token").GetString()!;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
