using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.Fpt;
using HanoiEgov.Vendors.Lgsp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The LGSP face of the sandbox as the platform meets it: delayed decisions, refusals from the data, one system down at a time.</summary>
[Trait("Category", "Integration")]
public sealed class LgspSandboxTests(VendorSandboxFixture fixture) : IClassFixture<VendorSandboxFixture>
{
    private const string Binh = "001195012346";
    private const string Nobody = "001099000000";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private VendorSandboxServer Sandbox => fixture.Server;

    [Fact]
    public async Task A_case_stays_pending_until_the_decision_delay_set_at_run_time_has_passed()
    {
        using var host = new VendorModuleHost(Sandbox);
        var insurance = host.Provider<ISocialInsurance>(LgspModule.VendorName);
        await SettingsAsync(settings => settings["insuranceDecisionDelay"] = "00:00:04");

        var filed = await insurance.IssueChildHealthInsuranceCardAsync(Card($"part-{Guid.NewGuid():N}"), Cancellation);
        var started = Stopwatch.GetTimestamp();
        var soon = await insurance.GetCaseAsync(filed.Value!.Reference, Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(4.5) - Stopwatch.GetElapsedTime(started), Cancellation);
        var later = await insurance.GetCaseAsync(filed.Value.Reference, Cancellation);

        Assert.StartsWith("BHXH-", filed.Value.Reference, StringComparison.Ordinal);
        Assert.Equal(ExternalCaseState.Pending, soon.Value!.State);
        Assert.Equal(ExternalCaseState.Approved, later.Value!.State);
        Assert.Equal(filed.Value.SubmittedAt.AddSeconds(4), later.Value.DecidedAt);
        Assert.Matches("^01[0-9]{8}$", later.Value.Decision!.DocumentNumber);
        Assert.Equal("00:00:04", (await Sandbox.Client.GetFromJsonAsync<JsonObject>("sandbox/settings", Cancellation))!["insuranceDecisionDelay"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_residence_system_refuses_an_unknown_householder_with_its_reason_in_Vietnamese()
    {
        using var host = new VendorModuleHost(Sandbox);
        var residence = host.Provider<IResidenceRegistry>(LgspModule.VendorName);
        await SettingsAsync(settings => settings["residenceDecisionDelay"] = "00:00:00");

        var filed = await residence.RegisterPermanentResidenceAsync(Registration($"part-{Guid.NewGuid():N}", Binh) with { HouseholderPersonalId = Nobody }, Cancellation);
        var decided = await residence.GetCaseAsync(filed.Value!.Reference, Cancellation);

        Assert.Matches("^CT-[0-9]{8}-[0-9]+$", filed.Value.Reference);
        Assert.Equal(ExternalCaseState.Refused, decided.Value!.State);
        Assert.Equal($"Chủ hộ có số định danh {Nobody} không có trong Cơ sở dữ liệu về cư trú.", decided.Value.Reason);
    }

    [Fact]
    public async Task A_request_id_sent_again_answers_the_same_case_and_with_another_body_409()
    {
        var body = new { requestId = $"part-{Guid.NewGuid():N}", deceasedPersonalId = "001090012345", deceasedName = "Nguyễn Văn An", dateOfDeath = "2026-01-10", deathRegistrationNumber = "37/2026", claimantPersonalId = Binh, claimantName = "Trần Thị Bình" };

        using var first = await PostAsync("lgsp/bhxh/v1/trocap/maitang", body);
        using var again = await PostAsync("lgsp/bhxh/v1/trocap/maitang", body);
        using var other = await PostAsync("lgsp/bhxh/v1/trocap/maitang", body with { claimantName = "Trần Văn Bình" });
        using var anonymous = await Sandbox.Client.PostAsJsonAsync("lgsp/bhxh/v1/trocap/maitang", body, Cancellation);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Unauthorized), (first.StatusCode, again.StatusCode, other.StatusCode, anonymous.StatusCode));
        var (filed, repeated) = (await first.Content.ReadFromJsonAsync<JsonObject>(Cancellation), await again.Content.ReadFromJsonAsync<JsonObject>(Cancellation));
        Assert.Equal(filed!["reference"]!.GetValue<string>(), repeated!["reference"]!.GetValue<string>());
        Assert.Equal("PENDING", filed["status"]!.GetValue<string>());
        Assert.Equal("DUPLICATE_REQUEST", (await other.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!["errorCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_the_residence_system_down_its_circuit_opens_while_social_insurance_and_other_vendors_answer_then_it_recovers()
    {
        using var host = new VendorModuleHost(Sandbox, new Dictionary<string, string?>
        {
            ["Vendors:LGSP:Resilience:CircuitMinimumThroughput"] = "3",
            ["Vendors:LGSP:Resilience:CircuitBreakDuration"] = "00:00:02",
        });
        var residence = host.Provider<IResidenceRegistry>(LgspModule.VendorName);
        var insurance = host.Provider<ISocialInsurance>(LgspModule.VendorName);
        var population = host.Provider<IPopulationRegistry>(FptModule.VendorName);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var filed = await residence.RegisterPermanentResidenceAsync(Registration($"part-{Guid.NewGuid():N}", Binh), Cancellation);
        Assert.True(filed.Succeeded, filed.ToString());

        await SettingsAsync(settings => settings["residenceDown"] = true);
        try
        {
            var failures = new List<VendorFailure>();
            for (var call = 0; call < 5; call++)
            {
                failures.Add((await residence.GetCaseAsync(filed.Value.Reference, Cancellation)).Failure!);
            }

            using var raw = await SendAsync(HttpMethod.Get, $"lgsp/cutru/v1/hoso/{filed.Value.Reference}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
            Assert.NotNull(raw.Headers.RetryAfter);
            Assert.All(failures, failure => Assert.True(failure is { IsUnavailable: true }, failure?.ToString()));
            Assert.Contains(failures, failure => failure.Message.Contains("circuit is open", StringComparison.Ordinal));
            Assert.True((await insurance.IssueChildHealthInsuranceCardAsync(Card($"part-{Guid.NewGuid():N}"), Cancellation)).Succeeded);
            Assert.True((await population.LookUpAsync(new PersonLookup(Binh, "Hồ sơ liên thông", "consent-1", "clerk.badinh"), Cancellation)).Succeeded);
            var report = await health.CheckHealthAsync(Cancellation);
            Assert.Equal((HealthStatus.Degraded, HealthStatus.Healthy), (report.Entries["vendor-lgsp-cutru"].Status, report.Entries["vendor-lgsp-bhxh"].Status));
        }
        finally
        {
            await SettingsAsync(settings => settings["residenceDown"] = false);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        VendorResult<ExternalCase> back;
        while (!(back = await residence.GetCaseAsync(filed.Value.Reference, Cancellation)).Succeeded)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The residence system stayed unreachable: {back}");
            await Task.Delay(250, Cancellation);
        }

        Assert.Equal(filed.Value.Reference, back.Value.Reference);
        HealthReportEntry entry;
        while ((entry = (await health.CheckHealthAsync(Cancellation)).Entries["vendor-lgsp-cutru"]).Status != HealthStatus.Healthy)
        {
            Assert.True(DateTime.UtcNow < deadline, $"vendor-lgsp-cutru stayed {entry.Status}: {entry.Description}");
            await Task.Delay(250, Cancellation);
        }
    }

    [Fact]
    public async Task A_child_whose_birth_the_registry_recorded_is_found_and_registered_into_the_mothers_household()
    {
        using var host = new VendorModuleHost(Sandbox);
        var population = host.Provider<IPopulationRegistry>(FptModule.VendorName);
        var residence = host.Provider<IResidenceRegistry>(LgspModule.VendorName);
        await SettingsAsync(settings => settings["residenceDecisionDelay"] = "00:00:00");

        var child = await population.RegisterBirthAsync(
            new BirthRecord($"birth-{Guid.NewGuid():N}", "Nguyễn Minh Khang", new DateOnly(2026, 1, 15), "Nam", "Bệnh viện Phụ sản Hà Nội", Binh, null, "125/2026", "Số 5 Hàng Bài, Hà Nội", "justice.hoankiem"),
            Cancellation);
        var found = await population.LookUpAsync(new PersonLookup(child.Value!.PersonalId, "Đăng ký thường trú", "consent-2", "clerk.hoankiem"), Cancellation);
        var filed = await residence.RegisterPermanentResidenceAsync(Registration($"part-{Guid.NewGuid():N}", child.Value.PersonalId), Cancellation);
        var decided = await residence.GetCaseAsync(filed.Value!.Reference, Cancellation);
        var motherless = await population.RegisterBirthAsync(
            new BirthRecord($"birth-{Guid.NewGuid():N}", "Nguyễn Minh Khôi", new DateOnly(2026, 1, 15), "Nam", "Hà Nội", Nobody, null, "126/2026", "Hà Nội", "justice.hoankiem"), Cancellation);

        Assert.Matches("^001226[0-9]{6}$", child.Value.PersonalId);
        Assert.Equal("Nguyễn Minh Khang", found.Value!.FullName);
        Assert.Equal(ExternalCaseState.Approved, decided.Value!.State);
        Assert.StartsWith("XNCT-", decided.Value.Decision!.DocumentNumber, StringComparison.Ordinal);
        Assert.Equal(VendorFailureCodes.NotFound, motherless.Failure!.Code);
        Assert.Contains("người mẹ", motherless.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_childs_identity_card_is_decided_after_its_own_delay_with_the_personal_id_the_registry_issued_at_birth_as_its_number()
    {
        using var host = new VendorModuleHost(Sandbox);
        var population = host.Provider<IPopulationRegistry>(FptModule.VendorName);
        var identityCards = host.Provider<IIdentityCardRegistry>(LgspModule.VendorName);
        await SettingsAsync(settings => settings["identityCardDecisionDelay"] = "00:00:03");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var child = await population.RegisterBirthAsync(
            new BirthRecord($"birth-{Guid.NewGuid():N}", "Nguyễn Minh Khang", today.AddMonths(-2), "Nam", "Bệnh viện Phụ sản Hà Nội", Binh, null, "125/2026", "Số 5 Hàng Bài, Hà Nội", "justice.hoankiem"),
            Cancellation);

        var filed = await identityCards.IssueChildIdentityCardAsync(
            new ChildIdentityCard($"part-{Guid.NewGuid():N}", child.Value!.PersonalId, "Nguyễn Minh Khang", today.AddMonths(-2), "Nam", "125/2026", Binh, "Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội"),
            Cancellation);
        var started = Stopwatch.GetTimestamp();
        var soon = await identityCards.GetCaseAsync(filed.Value!.Reference, Cancellation);
        await Task.Delay(TimeSpan.FromSeconds(3.5) - Stopwatch.GetElapsedTime(started), Cancellation);
        var later = await identityCards.GetCaseAsync(filed.Value.Reference, Cancellation);

        Assert.Matches("^CC-[0-9]{8}-[0-9]+$", filed.Value.Reference);
        Assert.Equal(ExternalCaseState.Pending, soon.Value!.State);
        Assert.Equal(ExternalCaseState.Approved, later.Value!.State);
        Assert.Equal(filed.Value.SubmittedAt.AddSeconds(3), later.Value.DecidedAt);
        Assert.Equal(child.Value.PersonalId, later.Value.Decision!.DocumentNumber);
        Assert.Equal("Đã cấp thẻ căn cước cho Nguyễn Minh Khang; thẻ được gửi đến Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội.", later.Value.Decision.Summary);
        Assert.Equal("00:00:03", (await Sandbox.Client.GetFromJsonAsync<JsonObject>("sandbox/settings", Cancellation))!["identityCardDecisionDelay"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_identity_card_system_refuses_a_child_the_population_database_holds_as_six_or_older_saying_so_in_Vietnamese()
    {
        using var host = new VendorModuleHost(Sandbox);
        var identityCards = host.Provider<IIdentityCardRegistry>(LgspModule.VendorName);
        await SettingsAsync(settings => settings["identityCardDecisionDelay"] = "00:00:00");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

        var filed = await identityCards.IssueChildIdentityCardAsync(
            new ChildIdentityCard($"part-{Guid.NewGuid():N}", Binh, "Trần Thị Bình", today.AddYears(-1), "Nữ", "125/2026", "001090012345", "Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội"),
            Cancellation);
        var decided = await identityCards.GetCaseAsync(filed.Value!.Reference, Cancellation);

        Assert.Equal(ExternalCaseState.Refused, decided.Value!.State);
        Assert.Equal("Theo Cơ sở dữ liệu quốc gia về dân cư, Trần Thị Bình sinh ngày 02/08/1995, đã đủ 6 tuổi: không cấp thẻ căn cước cho trẻ em dưới 6 tuổi.", decided.Value.Reason);
    }

    [Fact]
    public async Task With_the_identity_card_system_down_alone_it_answers_503_and_its_health_degrades_while_the_residence_system_answers()
    {
        using var host = new VendorModuleHost(Sandbox);
        var identityCards = host.Provider<IIdentityCardRegistry>(LgspModule.VendorName);
        var residence = host.Provider<IResidenceRegistry>(LgspModule.VendorName);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await SettingsAsync(settings => settings["identityCardDown"] = true);
        try
        {
            using var raw = await SendAsync(HttpMethod.Get, "lgsp/cancuoc/v1/hoso/CC-19000101-1");
            var failure = (await identityCards.GetCaseAsync("CC-19000101-1", Cancellation)).Failure;
            var report = await health.CheckHealthAsync(Cancellation);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, raw.StatusCode);
            Assert.NotNull(raw.Headers.RetryAfter);
            Assert.True(failure is { IsUnavailable: true }, failure?.ToString());
            Assert.True((await residence.RegisterPermanentResidenceAsync(Registration($"part-{Guid.NewGuid():N}", Binh), Cancellation)).Succeeded);
            Assert.Equal((HealthStatus.Degraded, HealthStatus.Healthy, HealthStatus.Healthy),
                (report.Entries["vendor-lgsp-cancuoc"].Status, report.Entries["vendor-lgsp-cutru"].Status, report.Entries["vendor-lgsp-bhxh"].Status));
        }
        finally
        {
            await SettingsAsync(settings => settings.Remove("identityCardDown"));
        }

        using var back = await SendAsync(HttpMethod.Get, "lgsp/cancuoc/v1/");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    private static ResidenceRegistration Registration(string key, string child) =>
        new(key, child, "Nguyễn Minh Khang", new DateOnly(2026, 1, 15), Binh, "Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội", "00070", "125/2026");

    private static ChildHealthInsuranceCard Card(string key) =>
        new(key, Binh, "Nguyễn Minh Khang", new DateOnly(2026, 1, 15), "Nam", "Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội", "125/2026");

    /// <summary>Changes the sandbox's settings as read now (a PUT gives them all).</summary>
    private async Task SettingsAsync(Action<JsonObject> change)
    {
        var settings = (await Sandbox.Client.GetFromJsonAsync<JsonObject>("sandbox/settings", Cancellation))!;
        change(settings);
        await Sandbox.ConfigureAsync(settings, Cancellation);
    }

    private Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return SendAsync(request);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path) => SendAsync(new HttpRequestMessage(method, path));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Consumer-Key", Sandbox.Credentials.LgspConsumerKey);
            request.Headers.Add("apikey", Sandbox.Credentials.LgspApiKey);
            return await Sandbox.Client.SendAsync(request, Cancellation);
        }
    }
}
