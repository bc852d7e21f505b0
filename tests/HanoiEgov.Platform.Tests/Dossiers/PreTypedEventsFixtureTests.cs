using System.Globalization;
using System.Net;
using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Dossiers the platform wrote before its events were typed (Fixtures/pre-typed-events.sql, every event kind, online
/// and at the counter) still read, verify and print: the grain folds each to the state it had then
/// (Fixtures/pre-typed-events.json), the verifier finds every chain intact, the forms say what they said.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PreTypedEventsFixtureTests(LocalServersFixture servers) : HostedPlatformTests(servers, "pretyped")
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Dossiers", "Fixtures");
    private static readonly Actor Clerk = new("clerk-badinh", "one-stop-clerk", "00004");
    private static readonly Guid Returned = Guid.Parse("0196a3b2-0000-7000-8000-000000000001");
    private static readonly Guid Stopped = Guid.Parse("0196a3b2-0000-7000-8000-000000000002");
    private static readonly Guid Refused = Guid.Parse("0196a3b2-0000-7000-8000-000000000004");
    private static readonly Guid Processing = Guid.Parse("0196a3b2-0000-7000-8000-000000000006");

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    [Fact]
    public async Task The_grain_folds_each_dossier_stored_before_typed_events_to_the_state_it_had_then()
    {
        await LoadFixtureAsync();
        var expected = JsonSerializer.Deserialize<Dictionary<string, DossierSnapshot>>(
            await File.ReadAllTextAsync(Path.Combine(Fixtures, "pre-typed-events.json"), TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
        var grains = Factory.Services.GetRequiredService<IGrainFactory>();

        // Every dossier then was received by its competent agency: the receiving agency, recorded since, folds to it.
        foreach (var (name, dossier) in expected.Select(entry => (entry.Key, entry.Value with { ReceivingAgency = entry.Value.Agency })))
        {
            // A stale version is refused with the dossier as the grain folded it, and records nothing.
            var answer = await grains.GetGrain<IDossierGrain>(dossier.Id).ActAsync(new DossierCommand(DossierAction.Assign, -1, Clerk, null));

            Assert.True(dossier == answer.Refusal?.Current, $"{name}: expected {dossier}, the grain folded {answer.Refusal?.Current}");
        }

        Assert.Equal(6, expected.Count);
    }

    [Fact]
    public async Task An_open_dossier_stored_before_typed_events_takes_its_next_step_sealed_with_the_new_hash_version_and_still_verifies()
    {
        await LoadFixtureAsync();

        var approved = await Calls.ActAsync("head.badinh", Processing.ToString(), "Approve", 4);
        var report = await VerificationAsync(Processing);

        Assert.Equal(9, approved.StatusCode);
        Assert.Equal(5, approved.Version);
        Assert.True(report.Intact, string.Join("; ", report.Problems));
        var events = await new DossierEventStore(NpgsqlDataSource.Create(Database)).ReadAsync(Processing, TestContext.Current.CancellationToken);
        Assert.Equal([2, 2, 2, 2, DossierEvent.CurrentHashVersion], events.Select(entry => entry.HashVersion));
    }

    [Fact]
    public async Task The_verifier_and_the_api_find_every_history_stored_before_typed_events_intact()
    {
        await LoadFixtureAsync();
        var connection = new NpgsqlConnectionStringBuilder(Database) { Password = Servers.Postgres.Password }.ConnectionString;

        using var output = new StringWriter();
        var exit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(["--connection", connection], null, output, TextWriter.Null, CancellationToken.None);
        var reports = await Task.WhenAll(new[] { Returned, Stopped, Refused, Processing }.Select(VerificationAsync));

        Assert.Equal(0, exit);
        Assert.Contains("6 dossier(s) checked, 0 with a broken history.", output.ToString(), StringComparison.Ordinal);
        Assert.All(reports, report => Assert.True(report.Intact, string.Join("; ", report.Problems)));
    }

    [Fact]
    public async Task The_forms_of_dossiers_stored_before_typed_events_print_their_codes_due_times_reasons_and_extensions()
    {
        await LoadFixtureAsync();

        var receipt = await FormTextAsync(Returned, "01");
        var supplement = await FormTextAsync(Returned, "02");
        var apology = await FormTextAsync(Returned, "04");
        var counterReceipt = await FormTextAsync(Stopped, "01");
        var stop = await FormTextAsync(Stopped, "05");
        var refusal = await FormTextAsync(Refused, "03");
        var slip = await FormTextAsync(Returned, "06");

        Assert.Contains("00004-261130-0001", receipt, StringComparison.Ordinal);
        Assert.Contains($"5. Thời gian trả kết quả giải quyết hồ sơ: {Moment(2026, 12, 9)}", receipt, StringComparison.Ordinal);
        Assert.Contains("Bản sao hợp đồng mua bán nhà có công chứng", supplement, StringComparison.Ordinal);
        Assert.Contains($"Thời gian hẹn trả kết quả giải quyết hồ sơ: {Moment(2026, 12, 10)}.", apology, StringComparison.Ordinal);
        Assert.Contains($"vào: {Moment(2026, 12, 13)}.", apology, StringComparison.Ordinal);
        Assert.Contains("Cần xác minh thêm tại địa phương", apology, StringComparison.Ordinal);
        Assert.Contains("00004-261201-0001", counterReceipt, StringComparison.Ordinal);
        Assert.Contains("Người nộp hồ sơ: Lê Minh Châu", counterReceipt, StringComparison.Ordinal);
        Assert.Contains("Người nộp không bổ sung giấy chứng sinh bản chính", stop, StringComparison.Ordinal);
        Assert.Contains("Địa chỉ thường trú không thuộc phường Ba Đình", refusal, StringComparison.Ordinal);
        Assert.Contains($"Hạn giải quyết hiện tại: {Moment(2026, 12, 11)}", slip, StringComparison.Ordinal);
    }

    private static string Moment(int year, int month, int day) =>
        string.Create(CultureInfo.InvariantCulture, $"17 giờ 00 phút, ngày {day:00}/{month:00}/{year}");

    private async Task LoadFixtureAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(Database);
        await using var load = dataSource.CreateCommand(await File.ReadAllTextAsync(Path.Combine(Fixtures, "pre-typed-events.sql"), TestContext.Current.CancellationToken));
        await load.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private Task<ChainReport> VerificationAsync(Guid id) =>
        Calls.GetOkAsync<ChainReport>("clerk.badinh", $"/api/dossiers/{id}/verification");

    private async Task<string> FormTextAsync(Guid id, string form) =>
        PdfText.Of(await (await Calls.GetOkAsync("clerk.badinh", $"/api/dossiers/{id}/forms/{form}")).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
}
