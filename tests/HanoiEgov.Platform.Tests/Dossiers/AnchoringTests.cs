using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Tamper evidence against whoever can write to PostgreSQL: heads anchored into a Merkle root, signed by the platform,
/// timestamped by the sandbox's RFC 3161 TSA and written as files; verification against them. Real PostgreSQL, a real
/// sandbox process as the TSA.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AnchoringTests(LocalServersFixture servers, VendorSandboxFixture sandbox) : IClassFixture<VendorSandboxFixture>, IDisposable
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 30, 0, TimeSpan.FromHours(7));

    private readonly string directory = Directory.CreateTempSubdirectory("anchoring-").FullName;

    private AnchoringOptions Options => new()
    {
        Directory = directory,
        TsaUrl = sandbox.Server.Face("tsa"),
        TsaTrustedRoots = [Path.Combine(sandbox.Server.StateDirectory, "tsa", "ca", "root.pem")],
    };

    [Fact]
    public async Task A_history_rewritten_consistently_in_the_database_after_its_anchor_is_reported_as_tampered_naming_the_anchor()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var untouched = await StartWithHistoryAsync(store);
        var rewritten = await StartWithHistoryAsync(store);
        var anchor = await AnchorAsync(dataSource);

        await RewriteAsAnAttackerAsync(dataSource, rewritten, "approved on the director's orders");

        var chainOnly = await new DossierEventStore(dataSource).VerifyAsync(rewritten, CancellationToken.None);
        var report = await store.VerifyAsync(rewritten, CancellationToken.None);
        var clean = await store.VerifyAsync(untouched, CancellationToken.None);
        Assert.True(chainOnly.Intact, "the rewrite is consistent: the hash chain alone cannot see it");
        Assert.False(report.Intact);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(3, problem.Version);
        Assert.Contains($"Anchor {anchor.Id}", problem.Problem, StringComparison.Ordinal);
        Assert.Contains("rewritten", problem.Problem, StringComparison.Ordinal);
        Assert.True(clean.Intact, string.Join("; ", clean.Problems));
        Assert.Equal(new AnchorVerdict(anchor.Id, 3, clean.Anchor!.TimestampedAt), clean.Anchor);
    }

    [Fact]
    public async Task A_dossier_changed_after_its_anchor_still_verifies_and_the_next_anchor_takes_only_the_changed_heads()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var changed = await StartWithHistoryAsync(store);
        var unchanged = await StartWithHistoryAsync(store);
        var first = await AnchorAsync(dataSource);
        var head = (await store.ReadAsync(changed, CancellationToken.None))[^1];
        await store.AppendAsync(
            DossierEvent.Seal(changed, 4, DossierAction.Approve, DossierStatus.Processed, Clerk, "online", null, Monday.AddHours(3), null, head.Hash),
            null, null, NewAttachments.None, null, CancellationToken.None);

        var afterAppend = await store.VerifyAsync(changed, CancellationToken.None);
        var second = await AnchorAsync(dataSource);
        var afterSecond = await store.VerifyAsync(changed, CancellationToken.None);

        Assert.True(afterAppend.Intact, string.Join("; ", afterAppend.Problems));
        Assert.Equal((first.Id, 3), (afterAppend.Anchor!.AnchorId, afterAppend.Anchor.Version));
        Assert.Equal(2, first.Heads.Count);
        Assert.Equal([(changed, 4)], second.Heads.Select(anchored => (anchored.Dossier, anchored.Version)));
        Assert.Equal((second.Id, 4), (afterSecond.Anchor!.AnchorId, afterSecond.Anchor.Version));
        Assert.Equal(first.Id, (await store.VerifyAsync(unchanged, CancellationToken.None)).Anchor!.AnchorId);
        Assert.Null(await NewAnchoring(dataSource).AnchorAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_service_anchors_at_the_configured_interval_and_not_before()
    {
        var (dataSource, store) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options;
        options.Interval = TimeSpan.FromMinutes(2);
        using var service = new AnchoringService(NewAnchoring(dataSource), options, clock, NullLogger<AnchoringService>.Instance);
        await service.StartAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(1.5));
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        var early = Directory.Exists(options.AnchorsDirectory) ? Directory.GetFiles(options.AnchorsDirectory, "*.json").Length : 0;
        clock.Advance(TimeSpan.FromMinutes(0.5));
        var anchored = await Eventually.FindAsync(
            () => Directory.Exists(options.AnchorsDirectory) ? Directory.GetFiles(options.AnchorsDirectory, "*.json").SingleOrDefault() : null, TimeSpan.FromSeconds(20));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Single(AnchorFile.Read(anchored).Heads);
    }

    [Fact]
    public async Task Each_anchor_is_logged_at_information_with_its_id_and_root()
    {
        var (dataSource, store) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        var logger = new FakeLogger<DossierAnchoring>();

        var anchor = await NewAnchoring(dataSource, logger).AnchorAsync(CancellationToken.None);

        var record = Assert.Single(logger.Collector.GetSnapshot(), entry => entry.Level == LogLevel.Information);
        Assert.Contains(anchor!.Id, record.Message, StringComparison.Ordinal);
        Assert.Contains(anchor.Root, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_replicas_anchoring_at_once_write_one_anchor()
    {
        var (dataSource, store) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        await StartWithHistoryAsync(store);

        var rounds = await Task.WhenAll(NewAnchoring(dataSource).AnchorAsync(CancellationToken.None), NewAnchoring(dataSource).AnchorAsync(CancellationToken.None));

        Assert.Single(rounds, round => round is not null);
        Assert.Single(Directory.GetFiles(Options.AnchorsDirectory, "*.json"));
    }

    [Fact]
    public async Task The_anchor_file_holds_the_heads_their_root_the_platform_signature_and_a_tsa_token_over_the_root()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var dossier = await StartWithHistoryAsync(store);

        var anchor = await AnchorAsync(dataSource);

        var written = AnchorFile.Read(AnchorFile.PathOf(Options.AnchorsDirectory, anchor.Id));
        var head = (await store.ReadAsync(dossier, CancellationToken.None))[^1];
        Assert.Equal([new AnchoredHead(dossier, 3, Convert.ToHexStringLower(head.Hash))], written.Heads);
        var root = Convert.FromHexString(written.Root);
        Assert.Equal(new MerkleTree([written.Heads[0].LeafHash()]).Root, root);
        var signature = new SignedCms(new ContentInfo(root), detached: true);
        signature.Decode(Convert.FromBase64String(written.Signature));
        signature.CheckSignature(verifySignatureOnly: true);
        Assert.Single(Directory.GetFiles(Options.CertificatesDirectory, "*.pem"));
        Assert.True(Rfc3161TimestampToken.TryDecode(Convert.FromBase64String(written.Timestamp), out var token, out _));
        Assert.True(token.VerifySignatureForHash(root, HashAlgorithmName.SHA256, out var tsa, null));
        Assert.Contains("Time-Stamping", tsa!.Subject, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Options.EffectiveKeyPath));
    }

    [Fact]
    public async Task An_anchor_file_altered_on_disk_is_reported_for_the_dossiers_it_covers()
    {
        var (dataSource, store) = await CreateStoreAsync();
        var dossier = await StartWithHistoryAsync(store);
        var anchor = await AnchorAsync(dataSource);
        var path = AnchorFile.PathOf(Options.AnchorsDirectory, anchor.Id);
        var altered = anchor with { Heads = [anchor.Heads[0] with { Head = new string('0', 64) }] };
        File.Delete(path);
        altered.Write(Options.AnchorsDirectory);

        var report = await new DossierEventStore(dataSource, anchors: new AnchorLedger(Options)).VerifyAsync(dossier, CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Contains(report.Problems, problem => problem.Problem.Contains($"Anchor {anchor.Id} does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_verifier_command_line_checks_the_anchors_and_names_the_dossier_rewritten_after_one()
    {
        var (dataSource, store) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        var rewritten = await StartWithHistoryAsync(store);
        var anchor = await AnchorAsync(dataSource);
        var connection = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Password = servers.Postgres.Password }.ConnectionString;
        string[] arguments = ["--connection", connection, "--anchors", directory, "--tsa-root", Options.TsaTrustedRoots[0]];
        using var clean = new StringWriter();
        var cleanExit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(arguments, null, clean, TextWriter.Null, CancellationToken.None);
        await RewriteAsAnAttackerAsync(dataSource, rewritten, "approved on the director's orders");

        using var output = new StringWriter();
        var exit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(arguments, null, output, TextWriter.Null, CancellationToken.None);
        using var usage = new StringWriter();
        var usageExit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(["--connection", connection, "--anchors", directory], null, TextWriter.Null, usage, CancellationToken.None);

        Assert.Equal(0, cleanExit);
        Assert.Contains("1 anchor(s) read, 0 that do not verify; 2 dossier(s) covered by a verified anchor.", clean.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains($"event 3: Anchor {anchor.Id}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 dossier(s) checked, 1 with a broken history.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, usageExit);
        Assert.Contains("--tsa-root", usage.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verifier_command_line_reports_an_anchored_dossier_deleted_from_the_database()
    {
        var (dataSource, store) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        var deleted = await StartWithHistoryAsync(store);
        var anchor = await AnchorAsync(dataSource);
        await using (var delete = dataSource.CreateCommand("DELETE FROM dossiers.events WHERE dossier_id = @id; DELETE FROM dossiers.dossiers WHERE id = @id"))
        {
            delete.Parameters.AddWithValue("id", deleted);
            await delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var connection = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Password = servers.Postgres.Password }.ConnectionString;
        using var output = new StringWriter();
        var exit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(
            ["--connection", connection, "--anchors", directory, "--tsa-root", Options.TsaTrustedRoots[0]], null, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains($"{deleted} event 3: Anchor {anchor.Id}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 dossier(s) checked, 1 with a broken history.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchoring_without_a_tsa_refuses_to_start_naming_the_setting()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["Dossiers:Anchoring:Directory"] = directory;

        var refusal = Assert.Throws<InvalidOperationException>(() => new DossiersModule().AddServices(builder));

        Assert.Contains("Dossiers:Anchoring:TsaUrl", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Dossiers:Anchoring:TsaTrustedRoots", refusal.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private DossierAnchoring NewAnchoring(NpgsqlDataSource dataSource, ILogger<DossierAnchoring>? logger = null)
    {
        var options = Options;
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DossierAnchoring(
            dataSource, options, AnchorKey.LoadOrCreate(options.EffectiveKeyPath, options.CertificatesDirectory, TimeProvider.System),
            new TimestampClient(clients, options), TimeProvider.System, logger ?? NullLogger<DossierAnchoring>.Instance);
    }

    private async Task<AnchorFile> AnchorAsync(NpgsqlDataSource dataSource) =>
        await NewAnchoring(dataSource).AnchorAsync(CancellationToken.None) ?? throw new InvalidOperationException("Nothing was anchored.");

    /// <summary>
    /// What someone with write access to the database can do: change an event, then recompute that event's hash, the
    /// hashes after it and the dossier's head, so that the hash chain is consistent again.
    /// </summary>
    internal static async Task RewriteAsAnAttackerAsync(NpgsqlDataSource dataSource, Guid dossier, string reason)
    {
        var events = await new DossierEventStore(dataSource).ReadAsync(dossier, CancellationToken.None);
        var previous = events[0].Hash;
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var entry in events.Skip(1))
        {
            var forged = DossierEvent.Seal(
                dossier, entry.Version, entry.Action, entry.Status, entry.Actor, entry.Channel, entry.Version == 2 ? reason : entry.Reason,
                entry.RecordedAt, entry.Data, previous);
            await using var update = new NpgsqlCommand(
                "UPDATE dossiers.events SET reason = @reason, previous_hash = @previous, hash = @hash WHERE dossier_id = @id AND version = @version", connection);
            update.Parameters.AddWithValue("reason", (object?)forged.Reason ?? DBNull.Value);
            update.Parameters.AddWithValue("previous", forged.PreviousHash);
            update.Parameters.AddWithValue("hash", forged.Hash);
            update.Parameters.AddWithValue("id", dossier);
            update.Parameters.AddWithValue("version", entry.Version);
            await update.ExecuteNonQueryAsync();
            previous = forged.Hash;
        }

        await using var head = new NpgsqlCommand("UPDATE dossiers.dossiers SET head_hash = @hash WHERE id = @id", connection);
        head.Parameters.AddWithValue("hash", previous);
        head.Parameters.AddWithValue("id", dossier);
        await head.ExecuteNonQueryAsync();
    }

    private static async Task<Guid> StartWithHistoryAsync(DossierEventStore store)
    {
        var id = Guid.NewGuid();
        await store.StartAsync(
            new NewDossier(id, "00004", "1.004222", 2, Citizen.UserId, "Nguyễn Văn An", "online", Monday, Monday.AddDays(9), [], Citizen.UserId),
            code => DossierEvent.Seal(id, 1, DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, Citizen, "online", null, Monday, $$"""{"code":"{{code}}"}""", DossierEvent.Genesis),
            null,
            CancellationToken.None);
        var first = (await store.ReadAsync(id, CancellationToken.None)).Single();
        var accept = DossierEvent.Seal(id, 2, DossierAction.Accept, DossierStatus.Received, Clerk, "online", null, Monday.AddHours(1), null, first.Hash);
        await store.AppendAsync(accept, null, null, NewAttachments.None, null, CancellationToken.None);
        var start = DossierEvent.Seal(id, 3, DossierAction.StartProcessing, DossierStatus.Processing, Clerk, "online", null, Monday.AddHours(2), null, accept.Hash);
        await store.AppendAsync(start, null, null, NewAttachments.None, null, CancellationToken.None);
        return id;
    }

    private async Task<(NpgsqlDataSource DataSource, DossierEventStore Store)> CreateStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("anchoring"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        return (dataSource, new DossierEventStore(dataSource, anchors: new AnchorLedger(Options)));
    }
}
