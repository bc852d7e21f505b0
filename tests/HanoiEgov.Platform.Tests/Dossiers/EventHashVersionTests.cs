using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Each stored event says how its hash encodes it: histories sealed before the separator fix still verify.</summary>
[Trait("Category", "Integration")]
public sealed class EventHashVersionTests(LocalServersFixture servers)
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task A_history_sealed_with_version_1_still_verifies_and_events_appended_to_it_are_sealed_with_the_current_version()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.StartAsync(
            new NewDossier(id, "00004", "1.004222", 2, Citizen.UserId, "Nguyễn Văn An", "online", Monday, Monday.AddDays(9), [], Citizen.UserId),
            code => DossierEvent.Seal(id, 1, DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, Citizen, "online", null, Monday, $$"""{"code":"{{code}}"}""", DossierEvent.Genesis, hashVersion: 1),
            null,
            CancellationToken.None);
        var first = (await store.ReadAsync(id, CancellationToken.None)).Single();
        var accept = DossierEvent.Seal(id, 2, DossierAction.Accept, DossierStatus.Received, Clerk, "online", "đủ\u001fhồ sơ", Monday.AddHours(1), null, first.Hash, hashVersion: 1);
        await store.AppendAsync(accept, null, null, NewAttachments.None, null, CancellationToken.None);
        var oldReport = await store.VerifyAsync(id, CancellationToken.None);

        var start = DossierEvent.Seal(id, 3, DossierAction.StartProcessing, DossierStatus.Processing, Clerk, "online", null, Monday.AddHours(2), null, accept.Hash);
        await store.AppendAsync(start, null, null, NewAttachments.None, null, CancellationToken.None);
        var report = await store.VerifyAsync(id, CancellationToken.None);

        Assert.True(oldReport.Intact, string.Join("; ", oldReport.Problems));
        Assert.True(report.Intact, string.Join("; ", report.Problems));
        Assert.Equal([1, 1, DossierEvent.CurrentHashVersion], (await store.ReadAsync(id, CancellationToken.None)).Select(entry => entry.HashVersion));
        await using var versions = dataSource.CreateCommand("SELECT array_agg(hash_version ORDER BY version) FROM dossiers.events WHERE dossier_id = @id");
        versions.Parameters.AddWithValue("id", id);
        Assert.Equal(new short[] { 1, 1, DossierEvent.CurrentHashVersion }, (short[])(await versions.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task Moving_the_separator_from_the_reason_into_the_channel_of_a_version_2_event_is_reported_as_altered()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.StartAsync(
            new NewDossier(id, "00004", "1.004222", 2, Citizen.UserId, "Nguyễn Văn An", "online", Monday, Monday.AddDays(9), [], Citizen.UserId),
            code => DossierEvent.Seal(id, 1, DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, Citizen, "online", "web\u001flý do", Monday, "{}", DossierEvent.Genesis, hashVersion: 2),
            null,
            CancellationToken.None);
        await using (var tamper = dataSource.CreateCommand("UPDATE dossiers.events SET channel = E'online\\x1fweb', reason = 'lý do' WHERE dossier_id = @id"))
        {
            tamper.Parameters.AddWithValue("id", id);
            await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var report = await store.VerifyAsync(id, CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Contains(report.Problems, problem => problem.Version == 1 && problem.Problem.Contains("altered", StringComparison.Ordinal));
    }

    private async Task<(NpgsqlDataSource DataSource, DossierEventStore Store)> CreateStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("hashversion"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        return (dataSource, new DossierEventStore(dataSource));
    }
}
