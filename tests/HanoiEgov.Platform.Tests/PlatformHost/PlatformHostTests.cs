using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HanoiEgov.Platform.Tests.PlatformHost;

/// <summary>The platform host over HTTP, against real PostgreSQL, Redis and its co-hosted Orleans silo.</summary>
[Trait("Category", "Integration")]
public sealed class PlatformHostTests(LocalServersFixture servers) : HostedPlatformTests(servers, "host")
{
    [Fact]
    public void Every_endpoint_of_the_platform_states_who_may_call_it()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var silent = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
                && endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(endpoint => endpoint.DisplayName)
            .ToList();

        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found");
        Assert.Empty(silent);
    }

    [Fact]
    public async Task A_request_no_endpoint_states_a_rule_for_is_refused_to_an_anonymous_caller()
    {
        using var unknown = await Client.GetAsync("/api/no-such-feature", TestContext.Current.CancellationToken);
        using var posted = await Client.PostAsync("/api/dossiers/00000000-0000-0000-0000-000000000001/no-such-step", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
    }

    [Fact]
    public async Task A_database_error_other_than_unavailability_is_500_problem_details_with_a_trace_id_not_a_503_to_retry()
    {
        await using (var connection = new NpgsqlConnection(Database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var rename = new NpgsqlCommand("ALTER TABLE dossiers.dossiers RENAME TO dossiers_gone", connection);
            await rename.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var response = await new DemoUserCalls(Servers, Client).SendAsync("nguyen.van.an", HttpMethod.Get, "/api/dossiers");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.False(string.IsNullOrEmpty((await response.ReadAsync<Problem>()).TraceId));
        Assert.DoesNotContain("dossiers_gone", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanoi_has_126_communes_and_wards_queryable_by_api()
    {
        var page = await Client.GetFromJsonAsync<AdministrativeUnitPage>("/api/admin-units?parent=01&pageSize=200", TestContext.Current.CancellationToken);

        Assert.Equal(126, page!.Total);
        Assert.Equal(51, page.Items.Count(unit => unit.Type == AdministrativeUnitTypes.Ward));
        Assert.Equal(75, page.Items.Count(unit => unit.Type == AdministrativeUnitTypes.Commune));
    }

    [Fact]
    public async Task A_unit_is_served_by_code_with_its_Vietnamese_name()
    {
        var details = await Client.GetFromJsonAsync<AdministrativeUnitDetails>("/api/admin-units/00070", TestContext.Current.CancellationToken);

        Assert.Equal("Phường Hoàn Kiếm", details!.Unit.FullName);
        Assert.Equal("01", details.Unit.ParentCode);
    }

    [Fact]
    public async Task Searching_without_diacritics_finds_the_ward()
    {
        var page = await Client.GetFromJsonAsync<AdministrativeUnitPage>("/api/admin-units?parent=01&q=hoan kiem", TestContext.Current.CancellationToken);

        Assert.Equal("00070", Assert.Single(page!.Items).Code);
    }

    [Fact]
    public async Task An_unknown_code_is_404_problem_details()
    {
        using var response = await Client.GetAsync("/api/admin-units/99999", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync<Problem>();
        Assert.Equal(404, problem.Status);
        Assert.Contains("99999", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_query_is_400_naming_each_bad_field()
    {
        using var response = await Client.GetAsync("/api/admin-units?type=district&pageSize=abc", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadAsync<Problem>()).ErrorFields;
        Assert.Contains("type", errors);
        Assert.Contains("pageSize", errors);
    }

    [Fact]
    public async Task A_malformed_code_is_400_naming_the_code()
    {
        using var response = await Client.GetAsync("/api/admin-units/ba-dinh", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("code", (await response.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task The_catalogue_import_is_recorded_with_the_dataset_hash_for_platform_admins()
    {
        var admin = await Servers.Tokens.SignInAsync("admin");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin-units/import");
        request.Headers.Authorization = new("Bearer", admin.GetProperty("access_token").GetString());
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var anonymous = await Client.GetAsync("/api/admin-units/import", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<CatalogueImportStatus>(TestContext.Current.CancellationToken);

        Assert.Equal("vn-admin-units-2026", status!.Dataset);
        Assert.Equal(3355, status.UnitCount);
        Assert.Equal(64, status.Sha256.Length);
    }

    [Fact]
    public async Task The_OpenAPI_document_and_the_API_reference_are_served_in_development()
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        using var reference = await Client.GetAsync("/api-reference", TestContext.Current.CancellationToken);

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin-units/{code}", out _));
        Assert.True(paths.TryGetProperty("/api/admin-units/", out _) || paths.TryGetProperty("/api/admin-units", out _));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task One_request_is_one_trace_across_ASP_NET_Core_and_Orleans()
    {
        using var response = await Client.GetAsync("/api/admin-units/00004", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var (server, grainCall) = await Eventually.FindAsync(() =>
        {
            lock (Factory.FinishedActivities)
            {
                var request = Factory.FinishedActivities.LastOrDefault(activity =>
                    activity.Kind == System.Diagnostics.ActivityKind.Server && activity.DisplayName.Contains("/api/admin-units/{code}", StringComparison.Ordinal));
                var call = request is null ? null : Factory.FinishedActivities.FirstOrDefault(activity =>
                    activity.TraceId == request.TraceId && activity.Source.Name == "Microsoft.Orleans.Application");
                return call is null ? default : (request, call);
            }
        }, TimeSpan.FromSeconds(10));

        Assert.Equal(server!.TraceId, grainCall!.TraceId);
        Assert.Contains("AdministrativeUnit", grainCall.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_procedure_catalogue_serves_the_version_in_force_on_the_day_asked()
    {
        var before = await GetAsync<ProcedureView>("/api/procedures/1.004222?on=2025-12-31");
        var after = await GetAsync<ProcedureView>("/api/procedures/1.004222?on=2026-01-01");
        var all = await GetAsync<ProcedureView[]>("/api/procedures?on=2026-01-01");

        Assert.Equal(10000, before.Version.Fees[0].Online);
        Assert.Equal(0, after.Version.Fees[0].Online);
        Assert.Equal(7, all.Length);
    }

    [Fact]
    public async Task A_retired_procedure_is_410_Gone_naming_its_replacement_and_still_served_for_a_day_it_was_in_force()
    {
        using var gone = await Client.GetAsync("/api/procedures/2.000986?on=2026-09-01", TestContext.Current.CancellationToken);
        var problem = await gone.ReadAsync<JsonElement>();
        var before = await GetAsync<ProcedureView>("/api/procedures/2.000986?on=2026-08-31");
        var listed = await GetAsync<ProcedureView[]>("/api/procedures?on=2026-09-01&field=Li%C3%AAn%20th%C3%B4ng");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("3.000722", problem.GetProperty("replacedBy").GetString());
        Assert.Equal("2026-09-01", problem.GetProperty("retiredFrom").GetString());
        Assert.Contains("replaced by 3.000722 from 2026-09-01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("</api/procedures/3.000722>; rel=\"successor-version\"", gone.Headers.GetValues("Link").Single());
        Assert.Equal(1, before.Version.Version);
        Assert.Equal(["2.002913", "3.000722"], listed.Select(procedure => procedure.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_list_of_retired_procedures_gives_each_with_the_version_last_in_force_and_its_successor_and_all_lists_both()
    {
        var field = "field=Li%C3%AAn%20th%C3%B4ng";
        var retired = await GetAsync<ProcedureView[]>($"/api/procedures?on=2026-09-01&{field}&status=retired");
        var notYet = await GetAsync<ProcedureView[]>($"/api/procedures?on=2026-08-31&{field}&status=retired");
        var all = await GetAsync<ProcedureView[]>($"/api/procedures?on=2026-09-01&{field}&status=all");

        Assert.Equal([("2.000986", "3.000722"), ("2.002622", "2.002913")], retired.Select(procedure => (procedure.Code, procedure.ReplacedBy!)).Order());
        Assert.All(retired, procedure => Assert.Equal(new DateOnly(2026, 9, 1), procedure.RetiredFrom));
        Assert.All(retired, procedure => Assert.NotNull(procedure.Version.Parts));
        Assert.Empty(notYet);
        Assert.Equal(["2.000986", "2.002622", "2.002913", "3.000722"], all.Select(procedure => procedure.Code).Order(StringComparer.Ordinal));
        Assert.All(all.Where(procedure => procedure.Code.StartsWith('3') || procedure.Code == "2.002913"), procedure => Assert.Null(procedure.RetiredFrom));
    }

    [Fact]
    public async Task A_same_day_dossier_received_Friday_at_16_00_is_due_Monday_by_api()
    {
        var due = await GetAsync<DueDate>("/api/procedures/1.001193/due-date?receivedAt=2025-10-03T16:00:00%2B07:00&channel=counter");

        Assert.Equal(new DateTimeOffset(2025, 10, 6, 17, 0, 0, TimeSpan.FromHours(7)), due.DueAt);
    }

    [Theory]
    [InlineData("/api/procedures/9.999999", 404, null)]
    [InlineData("/api/procedures/1.001193?on=03-10-2025", 400, "on")]
    [InlineData("/api/procedures?status=abolished", 400, "status")]
    [InlineData("/api/procedures/1.001193/due-date?receivedAt=yesterday", 400, "receivedAt")]
    [InlineData("/api/procedures/1.001193/due-date?receivedAt=2101-03-03T09:00:00%2B07:00", 400, "receivedAt")]
    [InlineData("/api/procedures/1.001193/due-date?receivedAt=2025-10-03T09:00:00%2B07:00&channel=fax", 400, "channel")]
    [InlineData("/api/calendar/2101", 404, null)]
    public async Task Bad_catalogue_requests_are_problem_details_naming_the_field(string path, int status, string? field)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.Contains(field, (await response.ReadAsync<Problem>()).ErrorFields);
        }
    }

    [Fact]
    public async Task The_calendar_of_2025_lists_Lunar_New_Year_and_the_make_up_Saturday()
    {
        var year = await GetAsync<CalendarYear>("/api/calendar/2025");

        Assert.Contains(year.DaysOff, day => day.Date == new DateOnly(2025, 1, 29));
        Assert.Contains(year.MakeUpWorkingDays, day => day.Date == new DateOnly(2025, 4, 26));
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        return await response.ReadAsync<T>();
    }
}
