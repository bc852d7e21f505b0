using System.Net;
using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>A head assigns a dossier to an official of the agency, from the realm's directory of officials; real tokens, real identity server.</summary>
[Trait("Category", "Integration")]
public sealed class AssignmentTests(LocalServersFixture servers) : HostedPlatformTests(servers, "assignment")
{
    private DemoUserCalls Calls => new(Servers, Client);

    [Fact]
    public async Task A_head_lists_the_agencys_officials_from_the_realm_with_their_names_and_roles_and_nobody_else_of_the_agency_may()
    {
        var calls = Calls;
        using var head = await calls.SendAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/officials");
        using var admin = await calls.SendAsync("admin", HttpMethod.Get, "/api/agencies/00070/officials");
        using var clerk = await calls.SendAsync("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/officials");
        using var otherHead = await calls.SendAsync("head.hoankiem", HttpMethod.Get, "/api/agencies/00004/officials");
        using var unknown = await calls.SendAsync("admin", HttpMethod.Get, "/api/agencies/99999/officials");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var officials = await head.ReadAsync<Official[]>();
        Assert.Equal(["clerk.badinh", "head.badinh", "official.badinh"], officials.Select(official => official.Username).Order(StringComparer.Ordinal));
        var mai = officials.Single(official => official.Username == "official.badinh");
        Assert.Equal("Ngô Thị Mai", mai.Name);
        Assert.Equal("00004", mai.Agency);
        Assert.Equal(["official"], mai.Roles);
        Assert.Equal(["official", "head"], officials.Single(official => official.Username == "head.badinh").Roles);
        Assert.Equal(await SubjectOfAsync(calls, "official.badinh"), mai.Id);
        Assert.Equal(["Hoàng Quốc Hùng", "Ngô Thị Mai", "Phạm Thị Dung"], officials.Select(official => official.Name));
        Assert.Equal(["clerk.hoankiem", "head.hoankiem"], (await admin.ReadAsync<Official[]>()).Select(official => official.Username).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, clerk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherHead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_head_assigns_a_dossier_to_an_official_of_the_agency_as_a_step_of_its_verified_history_and_the_official_finds_it_assigned_to_them()
    {
        var calls = Calls;
        var id = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        var other = (await calls.SubmitResidenceAsync("tran.thi.binh", "00004")).Id;
        var mai = await SubjectOfAsync(calls, "official.badinh");

        var assigned = await ActAsync(calls, "head.badinh", id, new { action = "Assign", expectedVersion = 1, assigneeId = mai });
        using var dossier = await calls.SendAsync("official.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        using var history = await calls.SendAsync("official.badinh", HttpMethod.Get, $"/api/dossiers/{id}/history");
        using var verified = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/verification");
        var mine = await IdsAsync(calls, "official.badinh", "/api/agencies/00004/worklist?assignee=me");
        var byId = await IdsAsync(calls, "head.badinh", $"/api/agencies/00004/worklist?assignee={mai}");
        var nobodys = await IdsAsync(calls, "head.badinh", "/api/agencies/00004/worklist?assignee=none");

        Assert.Equal(2, assigned.Version);
        Assert.Equal("NewlyRegistered", assigned.Status);
        var read = await dossier.ReadAsync<Dossier>();
        Assert.Equal(mai, read.AssigneeId);
        Assert.Equal("Ngô Thị Mai", read.AssigneeName);
        var step = (await history.ReadAsync<HistoryEntry[]>()).Last();
        Assert.Equal("Assign", step.Action);
        Assert.Equal("head", step.Actor.Role);
        Assert.True((await verified.ReadAsync<ChainReport>()).Intact);
        Assert.Equal([id], mine);
        Assert.Equal([id], byId);
        Assert.Contains(other, nobodys);
        Assert.DoesNotContain(id, nobodys);
    }

    [Fact]
    public async Task A_head_reassigns_to_another_official_and_assigning_the_same_one_again_is_a_409_naming_assigneeId()
    {
        var calls = Calls;
        var id = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        var mai = await SubjectOfAsync(calls, "official.badinh");
        var dung = await SubjectOfAsync(calls, "clerk.badinh");
        await ActAsync(calls, "head.badinh", id, new { action = "Assign", expectedVersion = 1, assigneeId = mai });

        var reassigned = await ActAsync(calls, "head.badinh", id, new { action = "Assign", expectedVersion = 2, assigneeId = dung, reason = "Chị Mai nghỉ phép" });
        using var again = await calls.SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 3, assigneeId = dung });

        Assert.Equal(dung, reassigned.AssigneeId);
        Assert.Equal("Phạm Thị Dung", reassigned.AssigneeName);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ReadAsync<Problem>();
        Assert.Equal("assigneeId", problem.Field);
        Assert.Equal(3, problem.CurrentVersion);
        Assert.Empty(await IdsAsync(calls, "official.badinh", "/api/agencies/00004/worklist?assignee=me"));
    }

    [Fact]
    public async Task Assigning_outside_the_agency_to_a_citizen_to_nobody_or_to_an_unknown_id_is_a_400_naming_assigneeId_and_records_nothing()
    {
        var calls = Calls;
        var id = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        object[] bodies =
        [
            new { action = "Assign", expectedVersion = 1, assigneeId = await SubjectOfAsync(calls, "clerk.hoankiem") },
            new { action = "Assign", expectedVersion = 1, assigneeId = await SubjectOfAsync(calls, "tran.thi.binh") },
            new { action = "Assign", expectedVersion = 1 },
            new { action = "Assign", expectedVersion = 1, assigneeId = Guid.NewGuid().ToString() },
            new { action = "Accept", expectedVersion = 1, assigneeId = await SubjectOfAsync(calls, "official.badinh") },
        ];

        var messages = new List<string>();
        foreach (var body in bodies)
        {
            var user = body.GetType().GetProperty("action")!.GetValue(body) as string == "Accept" ? "clerk.badinh" : "head.badinh";
            using var refused = await calls.SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", body);
            var problem = await refused.ReadAsync<Problem>();
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)}: {(int)refused.StatusCode} {problem}");
            Assert.Equal("assigneeId", problem.Field);
            messages.Add(problem.Errors!["assigneeId"][0]);
        }

        using var after = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}");
        Assert.Contains("agency 00070, not of 00004", messages[0], StringComparison.Ordinal);
        Assert.Contains("not an official", messages[1], StringComparison.Ordinal);
        Assert.Contains("needs the id of an official", messages[2], StringComparison.Ordinal);
        Assert.Contains("No active user", messages[3], StringComparison.Ordinal);
        Assert.Contains("Only 'Assign'", messages[4], StringComparison.Ordinal);
        var dossier = await after.ReadAsync<Dossier>();
        Assert.Equal(1, dossier.Version);
        Assert.Null(dossier.AssigneeId);
    }

    [Fact]
    public async Task Only_a_head_of_the_agency_assigns_and_a_final_dossier_is_assigned_to_nobody()
    {
        var calls = Calls;
        var id = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        var mai = await SubjectOfAsync(calls, "official.badinh");

        using var byClerk = await calls.SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 1, assigneeId = mai });
        using var byOfficial = await calls.SendAsync("official.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 1, assigneeId = mai });
        using var byOtherHead = await calls.SendAsync("head.hoankiem", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 1, assigneeId = mai });
        await calls.ActAsync("nguyen.van.an", id, "Withdraw", 1);
        using var withdrawn = await calls.SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "Assign", expectedVersion = 2, assigneeId = mai });

        Assert.Equal(HttpStatusCode.Forbidden, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOfficial.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherHead.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withdrawn.StatusCode);
        var problem = await withdrawn.ReadAsync<Problem>();
        Assert.Equal("action", problem.Field);
        Assert.Equal(7, problem.CurrentStatus);
    }

    internal static async Task<string> SubjectOfAsync(DemoUserCalls calls, string user)
    {
        using var me = await calls.SendAsync(user, HttpMethod.Get, "/api/me");
        return (await me.ReadAsync<Caller>()).Subject;
    }

    private static async Task<Dossier> ActAsync(DemoUserCalls calls, string user, string id, object body)
    {
        using var response = await calls.SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<Dossier>();
    }

    private static async Task<List<string>> IdsAsync(DemoUserCalls calls, string user, string path)
    {
        return [.. (await calls.GetOkAsync<Dossier[]>(user, path)).Select(item => item.Id)];
    }
}

/// <summary>The platform host with a client secret the realm does not take: its directory of officials cannot be read.</summary>
[Trait("Category", "Integration")]
public sealed class AssignmentWithoutDirectoryTests(LocalServersFixture servers) : HostedPlatformTests(servers, "nodirectory")
{
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Keycloak:credentials:secret"] = "not-the-platform-api-secret" });

    [Fact]
    public async Task An_unreadable_directory_answers_503_with_Retry_After_for_the_officials_and_for_an_assignment_and_records_nothing()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var id = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;

        using var officials = await calls.SendAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/officials");
        using var assign = await calls.SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions",
            new { action = "Assign", expectedVersion = 1, assigneeId = await AssignmentTests.SubjectOfAsync(calls, "official.badinh") });
        using var after = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, officials.StatusCode);
        Assert.NotNull(officials.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, assign.StatusCode);
        Assert.NotNull(assign.Headers.RetryAfter);
        Assert.Equal("assigneeId", (await assign.ReadAsync<Problem>()).Field);
        Assert.Equal(1, (await after.ReadAsync<Dossier>()).Version);
    }
}
