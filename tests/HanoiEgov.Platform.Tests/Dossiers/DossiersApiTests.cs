using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Dossiers over HTTP with real tokens of the realm's demo users: who may see and do what.</summary>
[Trait("Category", "Integration")]
public sealed class DossiersApiTests(LocalServersFixture servers) : HostedPlatformTests(servers, "dossierapi")
{
    private const string Anonymous = "(anonymous)";
    private readonly Dictionary<string, string> tokens = [];

    /// <summary>The steps callers may ask of POST /actions; the others are recorded by submission, the deadline clock and signing.</summary>
    private static readonly string[] RequestableActions =
        ["Accept", "Refuse", "StartProcessing", "RequestSupplement", "ProvideSupplement", "RequestPayment", "ConfirmPayment", "StopProcessing", "Approve", "ReturnResult", "Withdraw", "ExtendDeadline", "Assign", "HandOver"];

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
                var answer = await response.ReadAsync<AvailableActions>();
                Assert.Equal(status, answer.Status);
                Assert.Equal(path.Length + 1, answer.Version);
                var listed = answer.Actions.Select(item => item.Action).ToList();
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
            Assert.Equal(path.Length + 1, (await after.ReadAsync<Dossier>()).Version);
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
        await ActAsync("clerk.badinh", counter, "RequestPayment", 1);
        var onlinePaying = await DossierInAsync(PathsTo[6]);

        var head = await AvailableAsync("head.badinh", online);
        var applicantPays = await AvailableAsync("nguyen.van.an", counter);
        var clerkAtPayment = await AvailableAsync("clerk.badinh", counter);
        var nothingToPay = await AvailableAsync("nguyen.van.an", onlinePaying);
        await ActAsync("clerk.badinh", online, new { action = "RequestSupplement", expectedVersion = 1, reason = "Thiếu bản sao sổ hộ khẩu" });
        var supplement = await AvailableAsync("nguyen.van.an", online);

        var extend = head.Actions.Single(item => item.Action == "ExtendDeadline");
        Assert.True(extend.NeedsReason);
        Assert.True(extend.NeedsNewDueAt);
        Assert.False(extend.TakesDocuments);
        Assert.False(extend.NeedsAssignee);
        var assign = head.Actions.Single(item => item.Action == "Assign");
        Assert.True(assign.NeedsAssignee);
        Assert.False(assign.NeedsReason);
        Assert.False(assign.NeedsNewDueAt);
        Assert.Equal(["06"], FormsOf(head));
        Assert.True(applicantPays.CanPay);
        Assert.Equal(6, applicantPays.Status);
        Assert.Equal(["01", "06"], FormsOf(applicantPays));
        Assert.False(clerkAtPayment.CanPay);
        Assert.False(nothingToPay.CanPay);
        var provide = supplement.Actions.Single(item => item.Action == "ProvideSupplement");
        Assert.True(provide.TakesDocuments);
        Assert.False(provide.NeedsReason);
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
        var form = (await listed.ReadAsync<Attachment[]>()).Single(item => item.DocumentCode == "to-khai-ct01").Id;
        using var otherListed = await SendAsync("tran.thi.binh", HttpMethod.Get, $"/api/dossiers/{other}/attachments");
        var othersDocument = (await otherListed.ReadAsync<Attachment[]>())[0].Id;

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
        var created = await first.ReadAsync<Dossier>();
        var again = await retry.ReadAsync<Dossier>();
        Assert.Equal(created.Id, again.Id);
        Assert.Matches(@"^00004-\d{6}-\d{4}$", created.Code);
        Assert.Equal("NewlyRegistered", created.Status);
        Assert.Equal(2, created.ProcedureVersion);
    }

    [Fact]
    public async Task A_dossier_goes_from_submission_to_result_returned_and_its_history_verifies()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2);
        await ActAsync("head.badinh", id, "Approve", 3);
        var returned = await ActAsync("clerk.badinh", id, "ReturnResult", 4);

        Assert.Equal("ResultReturned", returned.Status);
        using var history = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/history");
        Assert.Equal(5, (await history.ReadAsync<HistoryEntry[]>()).Length);
        using var verification = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/verification");
        Assert.True((await verification.ReadAsync<ChainReport>()).Intact);
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
        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2);

        (await StepAsync("clerk.badinh", id, new { action = "Approve", expectedVersion = 3 }, HttpStatusCode.Forbidden)).Dispose();
        (await StepAsync("head.hoankiem", id, new { action = "Approve", expectedVersion = 3 }, HttpStatusCode.NotFound)).Dispose();
    }

    [Fact]
    public async Task A_transition_the_status_does_not_allow_and_a_stale_version_are_409_naming_the_rule()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        var notAllowed = await RefusedAsync("clerk.badinh", id, "ReturnResult", 1, HttpStatusCode.Conflict);
        await ActAsync("clerk.badinh", id, "Accept", 1);
        var stale = await RefusedAsync("clerk.badinh", id, "StartProcessing", 1, HttpStatusCode.Conflict);

        Assert.Equal("action", notAllowed.Field);
        Assert.Equal("expectedVersion", stale.Field);
    }

    [Fact]
    public async Task An_action_on_a_stale_version_is_a_409_with_the_current_version_and_status_and_the_steps_recorded_since()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("official.badinh", id, "StartProcessing", 2);

        // The head's page still shows version 1 (newly registered): two steps were taken since.
        var stale = await RefusedAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 1, reason = "Chờ xác minh", newDueAt = DateTimeOffset.UtcNow.AddDays(30) }, HttpStatusCode.Conflict);
        var notAllowed = await RefusedAsync("clerk.badinh", id, "ReturnResult", 3, HttpStatusCode.Conflict);

        Assert.Equal("expectedVersion", stale.Field);
        Assert.Equal(3, stale.CurrentVersion);
        Assert.Equal(4, stale.CurrentStatus);
        var changes = stale.Changes!;
        Assert.Equal([2, 3], changes.Select(change => change.Version));
        Assert.Equal(["Accept", "StartProcessing"], changes.Select(change => change.Action));
        Assert.Equal(["one-stop-clerk", "official"], changes.Select(change => change.Actor.Role));
        Assert.Equal("Processing", changes[^1].Status);
        Assert.Equal(3, notAllowed.CurrentVersion);
        Assert.Null(notAllowed.Changes);
        using var after = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        Assert.Equal(3, (await after.ReadAsync<Dossier>()).Version);
    }

    [Fact]
    public async Task Bad_submissions_are_400_naming_the_field_and_write_nothing()
    {
        using var unknown = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "9.999999", agency = "Ba Đình" });
        using var badId = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter", new { procedureCode = "1.001193", applicantId = "12345", applicantName = "Lê Văn C" });
        using var mine = await SendAsync("nguyen.van.an", HttpMethod.Get, "/api/dossiers");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = (await unknown.ReadAsync<Problem>()).ErrorFields;
        Assert.Contains("procedureCode", errors);
        Assert.Contains("agency", errors);
        Assert.Contains("applicantId", (await badId.ReadAsync<Problem>()).ErrorFields);
        Assert.Empty(await mine.ReadAsync<Dossier[]>());
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

        Assert.Contains("commune-level", (await department.ReadAsync<Problem>()).Errors!["agency"][0], StringComparison.Ordinal);
        Assert.Contains("GET /api/agencies", (await outsideHanoi.ReadAsync<Problem>()).Errors!["agency"][0], StringComparison.Ordinal);
        Assert.Contains("2099", (await unborn.ReadAsync<Problem>()).Errors!["applicantId"][0], StringComparison.Ordinal);
        Assert.Empty(await mine.ReadAsync<Dossier[]>());
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
        var dossier = await registered.ReadAsync<Dossier>();
        using var worklist = await SendAsync("head.hoankiem", HttpMethod.Get, "/api/agencies/00070/worklist");
        using var otherWard = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00070/worklist");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("Received", dossier.Status);
        Assert.Equal("00070", dossier.Agency);
        Assert.Contains(await worklist.ReadAsync<Dossier[]>(), item => item.Id == dossier.Id);
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
        var id = (await first.ReadAsync<Dossier>()).Id;
        Assert.Equal(id, (await again.ReadAsync<Dossier>()).Id);
        Assert.Single(await found.ReadAsync<Dossier[]>(), item => item.Id == id);
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
        var expected = (await whole.ReadAsync<Dossier[]>()).Select(item => item.Id).ToList();
        var paged = new List<Dossier>();
        var pages = 0;
        for (var next = "/api/agencies/00004/worklist?limit=2"; next is not null; pages++)
        {
            using var page = await SendAsync("clerk.badinh", HttpMethod.Get, next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var items = await page.ReadAsync<Dossier[]>();
            Assert.True(items.Length <= 2);
            paged.AddRange(items);
            next = page.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.True(expected.Count < 200, "the whole worklist fits one page of 200");
        Assert.Equal(expected, paged.Select(item => item.Id));
        Assert.Equal((expected.Count + 1) / 2 + (expected.Count % 2 == 0 ? 1 : 0), pages);
        Assert.Subset(expected.ToHashSet(), submitted.ToHashSet());
        var due = paged.Select(item => item.DueAt).ToList();
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
        Assert.Contains(field, (await response.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task Statistics_count_received_on_time_and_online_share_per_agency_for_the_city_and_each_agency()
    {
        var processed = await SubmitAsync("nguyen.van.an", "00004");
        await SubmitAsync("tran.thi.binh", "00004");
        await SubmitAsync("le.minh.chau", "00070");
        await ActAsync("clerk.badinh", processed, "Accept", 1);
        await ActAsync("clerk.badinh", processed, "StartProcessing", 2);
        await ActAsync("head.badinh", processed, "Approve", 3);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7));
        var period = $"from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";

        using var city = await SendAsync("admin", HttpMethod.Get, $"/api/statistics/dossiers?{period}");
        using var ward = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?{period}");
        using var otherWard = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?agency=00070&{period}");
        using var badPeriod = await SendAsync("admin", HttpMethod.Get, "/api/statistics/dossiers?from=yesterday&to=2026-01-01");

        var rows = (await city.ReadAsync<AgencyStatistics[]>()).ToDictionary(row => row.Agency);
        Assert.Equal(2, rows["00004"].Received);
        Assert.Equal(1, rows["00004"].OnTime);
        Assert.Equal(1.0, rows["00004"].OnlineShare);
        Assert.Equal(1, rows["00070"].Received);
        Assert.Equal(["00004"], (await ward.ReadAsync<AgencyStatistics[]>()).Select(row => row.Agency));
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
        Assert.Contains("from", (await badPeriod.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task A_submission_missing_a_required_document_is_400_naming_it_and_leaves_the_upload_staged()
    {
        var documents = (await UploadResidenceDocumentsAsync("nguyen.van.an")).Take(1).ToArray();

        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });
        using var mine = await SendAsync("nguyen.van.an", HttpMethod.Get, "/api/dossiers");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync<Problem>();
        Assert.Equal("documents", problem.Field);
        Assert.Contains("chung-minh-cho-o", problem.Title, StringComparison.Ordinal);
        Assert.Empty(await mine.ReadAsync<Dossier[]>());
    }

    [Fact]
    public async Task Someone_elses_upload_cannot_be_attached()
    {
        var documents = await UploadResidenceDocumentsAsync("tran.thi.binh");

        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("documents", (await response.ReadAsync<Problem>()).ErrorFields);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain", "plain text", "Only")]
    [InlineData("eicar.pdf", "application/pdf", "%PDF-1.4 X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*", "virus scan")]
    public async Task A_forbidden_type_or_an_infected_file_is_refused_naming_the_file(string name, string type, string content, string reason)
    {
        using var response = await UploadResponseAsync("nguyen.van.an", name, type, System.Text.Encoding.ASCII.GetBytes(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.ReadAsync<Problem>()).Errors!["file"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dossiers_documents_are_listed_with_their_content_hash()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        using var response = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/attachments");

        var listed = await response.ReadAsync<Attachment[]>();
        Assert.Equal(["chung-minh-cho-o", "to-khai-ct01"], listed.Select(item => item.DocumentCode));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("%PDF-1.4 tờ khai CT01"u8)), listed[1].Sha256);
    }

    [Fact]
    public async Task Officials_find_their_agencys_dossiers_by_code_or_by_name_without_diacritics()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        using var found = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        var code = (await found.ReadAsync<Dossier>()).Code;

        using var byName = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/dossiers?q=nguyen van");
        using var byCode = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/agencies/00004/dossiers?q={code}");
        using var otherWard = await SendAsync("clerk.hoankiem", HttpMethod.Get, "/api/agencies/00004/dossiers?q=nguyen");
        using var tooShort = await SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/dossiers?q=n");

        Assert.Contains(await byName.ReadAsync<Dossier[]>(), item => item.Id == id);
        Assert.Single(await byCode.ReadAsync<Dossier[]>());
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
        Assert.Contains("q", (await tooShort.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task A_head_extends_the_due_date_with_an_apology_and_the_dossier_then_counts_as_late()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        var accepted = await ActAsync("clerk.badinh", id, "Accept", 1);
        var due = accepted.DueAt;
        var later = due.AddDays(3);

        var byClerk = await RefusedAsync("clerk.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Xin lỗi", newDueAt = later }, HttpStatusCode.Forbidden);
        var noReason = await RefusedAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, newDueAt = later }, HttpStatusCode.BadRequest);
        var earlier = await RefusedAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Xin lỗi", newDueAt = due.AddHours(-1) }, HttpStatusCode.BadRequest);
        var extended = await ActAsync("head.badinh", id, new { action = "ExtendDeadline", expectedVersion = 2, reason = "Cần xác minh thêm nơi cư trú", newDueAt = later });
        var lateBefore = await LateOfBaDinhAsync();
        await ActAsync("clerk.badinh", id, "StartProcessing", 3);
        await ActAsync("head.badinh", id, "Approve", 4);

        Assert.Equal("Received", extended.Status);
        Assert.Equal(later, extended.DueAt);
        Assert.Equal("reason", noReason.Field);
        Assert.Equal("newDueAt", earlier.Field);
        Assert.NotNull(byClerk);
        using var history = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/history");
        var step = (await history.ReadAsync<HistoryEntry[]>()).Single(entry => entry.Action == "ExtendDeadline");
        Assert.Equal("Cần xác minh thêm nơi cư trú", step.Reason);
        Assert.Equal(lateBefore + 1, await LateOfBaDinhAsync());
    }

    [Fact]
    public async Task A_supplement_request_needs_a_reason_and_the_applicant_supplies_new_documents_with_the_answer()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");

        var noReason = await RefusedAsync("clerk.badinh", id, new { action = "RequestSupplement", expectedVersion = 1 }, HttpStatusCode.BadRequest);
        await ActAsync("clerk.badinh", id, new { action = "RequestSupplement", expectedVersion = 1, reason = "Bổ sung sổ đỏ bản sao có chứng thực" });
        var replacement = await UploadAsync("nguyen.van.an", "so-do-chung-thuc.pdf", "application/pdf", "%PDF-1.4 bản sao chứng thực"u8.ToArray());
        var someoneElses = await UploadAsync("tran.thi.binh", "khac.pdf", "application/pdf", "%PDF-1.4 khác"u8.ToArray());
        var foreign = await RefusedAsync("nguyen.van.an", id,
            new { action = "ProvideSupplement", expectedVersion = 2, documents = new[] { new { documentCode = "chung-minh-cho-o", attachmentId = someoneElses } } }, HttpStatusCode.BadRequest);
        var supplied = await ActAsync("nguyen.van.an", id,
            new { action = "ProvideSupplement", expectedVersion = 2, documents = new[] { new { documentCode = "chung-minh-cho-o", attachmentId = replacement } } });

        Assert.Equal("reason", noReason.Field);
        Assert.Contains("documents", foreign.ErrorFields);
        Assert.Equal("NewlyRegistered", supplied.Status);
        using var attachments = await SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/attachments");
        Assert.Contains(await attachments.ReadAsync<Attachment[]>(), document => document.Id == replacement);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_naming_what_could_not_be_read()
    {
        using var response = await SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new StringContent("{ \"procedureCode\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JSON", (await response.ReadAsync<Problem>()).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_vendors_a_head_signs_a_result_through_the_development_provider_whose_CA_nobody_trusts()
    {
        var id = await SubmitAsync("nguyen.van.an", "00004");
        await ActAsync("clerk.badinh", id, "Accept", 1);
        await ActAsync("clerk.badinh", id, "StartProcessing", 2);
        var file = new ByteArrayContent("%PDF-1.7 kết quả"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", "ket-qua.pdf" } };
        using var uploaded = await SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var resultId = (await uploaded.ReadAsync<ResultView>()).Id;

        using var requested = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing");
        using var signing = await SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing");
        using var result = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}");
        using var viaActions = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "SignResult", expectedVersion = 4 });

        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal("Completed", (await signing.ReadAsync<SigningView>()).Status);
        var verification = (await result.ReadAsync<ResultView>()).Verification!;
        Assert.False(verification.IsValid);
        Assert.Equal("untrusted-certificate", verification.Problem);
        Assert.Contains("001078012348", verification.Signer, StringComparison.Ordinal);
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
        var attachment = (await listed.ReadAsync<Attachment[]>())[0].Id;
        using var dossier = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}");
        var code = (await dossier.ReadAsync<Dossier>()).Code;
        var interlinked = await SubmitBirthGroupAsync("nguyen.van.an");
        using var whole = await SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/interlinked/{interlinked}");
        var communePart = (await whole.ReadAsync<InterlinkedDossier>()).Part("birth").DossierId;
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
            // Reception anywhere: transferred in (received elsewhere for the ward), out (received at the ward for others); only the ward received for others hands over.
            (HttpMethod.Get, "/api/agencies/00004/worklist?transferred=in", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, "/api/agencies/00004/worklist?transferred=out", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Get, "/api/agencies/00004/dossiers?transferred=in", null, [403, 403, 200, 403, 200, 403, 403, 401]),
            (HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "HandOver", expectedVersion = 1 }, [403, 404, 403, 404, 403, 404, 404, 401]),
            (HttpMethod.Get, $"/api/statistics/dossiers?agency=00004&{period}", null, [403, 403, 200, 403, 200, 403, 200, 401]),
            // Interlinked wholes in the statistics: as the other statistics, an agency's officials read their own, administrators any.
            (HttpMethod.Get, $"/api/statistics/interlinked?agency=00004&{period}", null, [403, 403, 200, 403, 200, 403, 200, 401]),
            (HttpMethod.Get, $"/api/statistics/interlinked?{period}", null, [403, 403, 200, 200, 200, 200, 200, 401]),
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
            // Interlinked dossiers: the applicant and the receiving commune's officials read one; only its applicant corrects a part.
            (HttpMethod.Get, $"/api/interlinked/{interlinked}", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/interlinked/{interlinked}/forms/01", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Get, $"/api/interlinked/{interlinked}/verification", null, [404, 404, 200, 404, 200, 404, 200, 401]),
            (HttpMethod.Get, "/api/interlinked/mine", null, [200, 200, 403, 403, 403, 403, 403, 401]),
            (HttpMethod.Get, "/api/interlinked", null, [403, 403, 200, 200, 200, 200, 403, 401]),
            (HttpMethod.Get, "/api/interlinked?late=true&group=3.000722", null, [403, 403, 200, 200, 200, 200, 403, 401]),
            (HttpMethod.Get, $"/api/interlinked/of-dossier/{communePart}", null, [200, 404, 200, 404, 200, 404, 404, 401]),
            (HttpMethod.Post, "/api/interlinked/births", new { }, [400, 400, 403, 403, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/interlinked/births/counter", new { }, [403, 403, 400, 400, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/interlinked/deaths", new { }, [400, 400, 403, 403, 403, 403, 403, 401]),
            (HttpMethod.Post, "/api/interlinked/deaths/counter", new { }, [403, 403, 400, 400, 403, 403, 403, 401]),
            (HttpMethod.Post, $"/api/interlinked/{interlinked}/parts/residence/resubmission", new { householderPersonalId = "001090012345" },
                [409, 404, 404, 404, 404, 404, 404, 401]),
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
        return (await response.ReadAsync<Attachment>()).Id;
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
            await ActAsync(path[step].User, id, ActionBody(path[step].Action, step + 1));
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
        return (await me.ReadAsync<Caller>()).Subject;
    }

    /// <summary>Permanent residence registered at Ba Đình's counter for Nguyễn Văn An (a fee of 20,000 đồng at the counter).</summary>
    private async Task<string> CounterDossierAsync()
    {
        var documents = await UploadResidenceDocumentsAsync("clerk.badinh");
        using var response = await SendAsync("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.004222", applicantId = "001090012345", applicantName = "Nguyễn Văn An", documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Dossier>()).Id;
    }

    private async Task<AvailableActions> AvailableAsync(string user, string id)
    {
        using var response = await SendAsync(user, HttpMethod.Get, $"/api/dossiers/{id}/available-actions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<AvailableActions>();
    }

    private static List<string> FormsOf(AvailableActions available) => [.. available.Forms];

    private async Task<string> SubmitBirthGroupAsync(string citizen)
    {
        object[] documents =
        [
            new { documentCode = "to-khai", attachmentId = await UploadAsync(citizen, "to-khai.pdf", "application/pdf", "%PDF-1.4 tờ khai liên thông"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await UploadAsync(citizen, "chung-sinh.pdf", "application/pdf", "%PDF-1.4 chứng sinh"u8.ToArray()) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await UploadAsync(citizen, "cccd.pdf", "application/pdf", "%PDF-1.4 CCCD"u8.ToArray()) },
        ];
        using var response = await SendAsync(citizen, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Nguyễn Minh Khôi", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = "001195012346", fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = "001090012345", address = "Số 12 Đội Cấn, Phường Ba Đình" },
            documents,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.ReadAsync<InterlinkedDossier>()).Id;
    }

    private async Task<string> SubmitAsync(string citizen, string agency)
    {
        var documents = await UploadResidenceDocumentsAsync(citizen);
        using var response = await SendAsync(citizen, HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency, documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Dossier>()).Id;
    }

    private Task<Dossier> ActAsync(string user, string id, string action, int expectedVersion) => ActAsync(user, id, new { action, expectedVersion });

    /// <summary>Takes the step, which must succeed; returns the dossier after it.</summary>
    private async Task<Dossier> ActAsync(string user, string id, object body)
    {
        using var response = await StepAsync(user, id, body, HttpStatusCode.OK);
        return await response.ReadAsync<Dossier>();
    }

    private Task<Problem> RefusedAsync(string user, string id, string action, int expectedVersion, HttpStatusCode expected) =>
        RefusedAsync(user, id, new { action, expectedVersion }, expected);

    /// <summary>Asks for the step, which must be refused with <paramref name="expected"/>; returns the problem details.</summary>
    private async Task<Problem> RefusedAsync(string user, string id, object body, HttpStatusCode expected)
    {
        using var response = await StepAsync(user, id, body, expected);
        return await response.ReadAsync<Problem>();
    }

    private async Task<HttpResponseMessage> StepAsync(string user, string id, object body, HttpStatusCode expected)
    {
        var response = await SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", body);
        Assert.True(response.StatusCode == expected, $"{user} {JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return response;
    }

    private async Task<long> LateOfBaDinhAsync()
    {
        var today = DateTime.UtcNow.AddHours(7);
        using var response = await SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        return (await response.ReadAsync<AgencyStatistics[]>()).Single().Late;
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
}
