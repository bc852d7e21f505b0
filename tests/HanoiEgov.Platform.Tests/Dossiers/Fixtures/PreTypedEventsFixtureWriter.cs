using System.Diagnostics;
using System.Text.Json;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;

namespace HanoiEgov.Platform.Tests.Dossiers.Fixtures;

/// <summary>
/// Wrote pre-typed-events.sql and pre-typed-events.json with the grain as it was before typed events: run once,
/// then removed, because run again it would write today's events.
/// </summary>
public sealed class PreTypedEventsFixtureWriter(LocalServersFixture servers)
{
    private const string Applicant = "001090012345";
    private static readonly Actor Citizen = new(Applicant, "citizen", null);
    private static readonly Actor Clerk = new("clerk-badinh", "one-stop-clerk", "00004");
    private static readonly Actor Head = new("head-badinh", "head", "00004");
    private static readonly Actor Gateway = new("payment-gateway", "payment-gateway", null);

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [Fact]
    public async Task Write()
    {
        var connection = await servers.CreateDatabaseAsync("pretyped");
        var dataSource = NpgsqlDataSource.Create(connection);
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(7)));
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(DeadlineClock.Default);
            silo.Services.AddSingleton(dataSource);
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.Services.AddSingleton<DossierEventStore>();
            silo.Services.AddSingleton<IProcedureCatalogue>(_ => ProcedureCatalogue.LoadEmbedded());
            silo.Services.AddSingleton(_ => WorkingCalendar.LoadEmbedded());
            silo.Services.AddSingleton<DeadlineCalculator>();
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        var attachments = new AttachmentStore(dataSource, time);
        var snapshots = new Dictionary<string, DossierSnapshot>();

        async Task<AttachedDocument> StageAsync(string owner, string code, string name) =>
            new(code, (await attachments.StageAsync(owner, name, "application/pdf", System.Text.Encoding.UTF8.GetBytes($"%PDF-1.4 {name}"), CancellationToken.None)).Id);

        async Task<DossierSnapshot> ActAsync(IDossierGrain grain, DossierSnapshot dossier, DossierCommand command)
        {
            time.Advance(TimeSpan.FromMinutes(7));
            var result = await grain.ActAsync(command with { ExpectedVersion = dossier.Version });
            Assert.True(result.Dossier is not null, $"{command.Action}: {result.Failure}");
            return result.Dossier;
        }

        // 1. Online, the whole way: accepted, assigned, processed, supplemented, extended, paid, signed, approved, returned.
        var residence = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000001"));
        var dossier = (await residence.SubmitAsync(new SubmitDossier("1.004222", "00004", Applicant, "Nguyễn Văn An", Channels.Online, Citizen, null,
            [await StageAsync(Applicant, "to-khai-ct01", "to-khai-ct01.pdf"), await StageAsync(Applicant, "chung-minh-cho-o", "so-do.pdf")], Applicant))).Dossier!;
        dossier = await ActAsync(residence, dossier, new(DossierAction.Accept, 0, Clerk, null));
        dossier = await ActAsync(residence, dossier, new(DossierAction.Assign, 0, Head, null,
            Assignee: new Official("official-badinh", "official.badinh", "Ngô Thị Mai", "00004", ["official"])));
        dossier = await ActAsync(residence, dossier, new(DossierAction.StartProcessing, 0, Clerk, null));
        dossier = await ActAsync(residence, dossier, new(DossierAction.RequestSupplement, 0, Clerk, "Bản sao hợp đồng mua bán nhà có công chứng"));
        time.Advance(TimeSpan.FromHours(20));
        dossier = await ActAsync(residence, dossier, new(DossierAction.ProvideSupplement, 0, Citizen, null,
            Documents: [await StageAsync(Applicant, "chung-minh-cho-o", "hop-dong-mua-ban.pdf")], AttachmentOwner: Applicant));
        dossier = await ActAsync(residence, dossier, new(DossierAction.ExtendDeadline, 0, Head, "Cần xác minh thêm tại địa phương", NewDueAt: dossier.DueAt.AddDays(3)));
        dossier = await ActAsync(residence, dossier, new(DossierAction.RequestPayment, 0, Clerk, null));
        time.Advance(TimeSpan.FromHours(2));
        dossier = await ActAsync(residence, dossier, new(DossierAction.ConfirmPayment, 0, Gateway, null));
        dossier = await ActAsync(residence, dossier, new(DossierAction.SignResult, 0, Head,
            "Result giay-xac-nhan.pdf (0196a3b2-0000-7000-8000-0000000000f1) signed; SHA-256 9c1e5f0a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70."));
        dossier = await ActAsync(residence, dossier, new(DossierAction.Approve, 0, Head, null));
        dossier = await ActAsync(residence, dossier, new(DossierAction.ReturnResult, 0, Clerk, null));
        snapshots["residence-returned"] = dossier;

        // 2. At the counter, typed by hand: processing, near due and overdue from the deadline clock, then stopped.
        var birth = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000002"));
        dossier = (await birth.SubmitAsync(new SubmitDossier("1.001193", "00004", "001302012347", "Lê Minh Châu", Channels.Counter, Clerk, null,
            [await StageAsync(Clerk.UserId, "to-khai", "to-khai.pdf"), await StageAsync(Clerk.UserId, "giay-chung-sinh", "chung-sinh.pdf"),
             await StageAsync(Clerk.UserId, "giay-to-tuy-than", "cccd.pdf")], Clerk.UserId))).Dossier!;
        dossier = await ActAsync(birth, dossier, new(DossierAction.StartProcessing, 0, Clerk, null));
        await birth.CheckDeadlineAsync();
        time.Advance(TimeSpan.FromDays(2));
        await birth.CheckDeadlineAsync();
        dossier = (await birth.ActAsync(new DossierCommand(DossierAction.StartProcessing, -1, Clerk, null))).Current!;
        Assert.True(dossier.NearDueMarked && dossier.OverdueMarked);
        dossier = await ActAsync(birth, dossier, new(DossierAction.StopProcessing, 0, Head, "Người nộp không bổ sung giấy chứng sinh bản chính"));
        snapshots["birth-stopped"] = dossier;

        // 3. At the counter after a population-registry lookup, withdrawn while paused for payment.
        var verified = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000003"));
        dossier = (await verified.SubmitAsync(new SubmitDossier("1.004222", "00004", "001195012346", "Trần Thị Bình", Channels.Counter, Clerk, null,
            [await StageAsync(Clerk.UserId, "to-khai-ct01", "ct01-binh.pdf"), await StageAsync(Clerk.UserId, "chung-minh-cho-o", "cho-o-binh.pdf")], Clerk.UserId,
            ApplicantLookupId: "7f9e2c1a-0000-4000-8000-00000000c0de"))).Dossier!;
        dossier = await ActAsync(verified, dossier, new(DossierAction.RequestPayment, 0, Clerk, null));
        dossier = await ActAsync(verified, dossier, new(DossierAction.Withdraw, 0, Clerk, "Người nộp rút hồ sơ tại quầy"));
        snapshots["counter-verified-withdrawn"] = dossier;

        // 4. Online, refused on receipt.
        var refused = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000004"));
        dossier = (await refused.SubmitAsync(new SubmitDossier("1.004222", "00004", Applicant, "Nguyễn Văn An", Channels.Online, Citizen, null,
            [await StageAsync(Applicant, "to-khai-ct01", "ct01-2.pdf"), await StageAsync(Applicant, "chung-minh-cho-o", "so-do-2.pdf")], Applicant))).Dossier!;
        dossier = await ActAsync(refused, dossier, new(DossierAction.Refuse, 0, Clerk, "Địa chỉ thường trú không thuộc phường Ba Đình"));
        snapshots["online-refused"] = dossier;

        // 5. Online, a supplement asked before receipt, withdrawn by the citizen while it waits.
        var withdrawn = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000005"));
        dossier = (await withdrawn.SubmitAsync(new SubmitDossier("1.004222", "00004", Applicant, "Nguyễn Văn An", Channels.Online, Citizen, null,
            [await StageAsync(Applicant, "to-khai-ct01", "ct01-3.pdf"), await StageAsync(Applicant, "chung-minh-cho-o", "so-do-3.pdf")], Applicant))).Dossier!;
        dossier = await ActAsync(withdrawn, dossier, new(DossierAction.RequestSupplement, 0, Clerk, "Tờ khai CT01 thiếu chữ ký"));
        dossier = await ActAsync(withdrawn, dossier, new(DossierAction.Withdraw, 0, Citizen, null));
        snapshots["online-withdrawn"] = dossier;

        // 6. Online, open: received and assigned, the deadline extended, still processing (a dossier that can go on).
        var open = cluster.Client.GetGrain<IDossierGrain>(Guid.Parse("0196a3b2-0000-7000-8000-000000000006"));
        dossier = (await open.SubmitAsync(new SubmitDossier("1.004222", "00004", Applicant, "Nguyễn Văn An", Channels.Online, Citizen, null,
            [await StageAsync(Applicant, "to-khai-ct01", "ct01-4.pdf"), await StageAsync(Applicant, "chung-minh-cho-o", "so-do-4.pdf")], Applicant))).Dossier!;
        dossier = await ActAsync(open, dossier, new(DossierAction.Accept, 0, Clerk, null));
        dossier = await ActAsync(open, dossier, new(DossierAction.StartProcessing, 0, Clerk, null));
        dossier = await ActAsync(open, dossier, new(DossierAction.ExtendDeadline, 0, Head, "Chờ ý kiến của cơ quan công an", NewDueAt: dossier.DueAt.AddDays(5)));
        snapshots["online-processing"] = dossier;

        var folder = Path.Combine(FindTestsFolder(), "Dossiers", "Fixtures");
        await File.WriteAllTextAsync(Path.Combine(folder, "pre-typed-events.json"),
            JsonSerializer.Serialize(snapshots, Indented), TestContext.Current.CancellationToken);
        var builderOf = new NpgsqlConnectionStringBuilder(connection);
        var dump = Process.Start(new ProcessStartInfo("pg_dump",
            ["--data-only", "--column-inserts", "--no-owner", "--no-privileges", "-t", "dossiers.dossiers", "-t", "dossiers.events", "-t", "dossiers.attachments",
             "-h", builderOf.Host!, "-p", builderOf.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builderOf.Username!, "-d", builderOf.Database!,
             "-f", Path.Combine(folder, "pre-typed-events.sql")])
        { Environment = { ["PGPASSWORD"] = builderOf.Password } })!;
        await dump.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, dump.ExitCode);
    }

    private static string FindTestsFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "HanoiEgov.Platform.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        return directory.FullName;
    }
}
