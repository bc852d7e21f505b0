using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The verification endpoint of a platform host that anchors, as the AppHost configures it with the sandbox's TSA.</summary>
[Trait("Category", "Integration")]
public sealed class AnchoringApiTests(LocalServersFixture servers, VendorSandboxFixture sandbox) : HostedPlatformTests(servers, "anchoringapi"), IClassFixture<VendorSandboxFixture>
{
    private readonly string directory = Directory.CreateTempSubdirectory("anchoring-api-").FullName;

    [Fact]
    public async Task The_verification_endpoint_reports_a_consistent_rewrite_after_an_anchor_and_names_the_anchor_of_an_untouched_dossier()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var rewritten = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        var untouched = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        await calls.ActAsync("clerk.badinh", rewritten, "Accept", 1);
        await calls.ActAsync("clerk.badinh", rewritten, "StartProcessing", 2);

        var anchor = await Factory.Services.GetRequiredService<DossierAnchoring>().AnchorAsync(CancellationToken.None);
        await using (var dataSource = NpgsqlDataSource.Create(Database))
        {
            await AnchoringTests.RewriteAsAnAttackerAsync(dataSource, Guid.Parse(rewritten), "approved on the director's orders");
        }

        await calls.ActAsync("clerk.badinh", untouched, "Accept", 1);
        using var tampered = await calls.GetOkAsync("head.badinh", $"/api/dossiers/{rewritten}/verification");
        using var clean = await calls.GetOkAsync("head.badinh", $"/api/dossiers/{untouched}/verification");

        Assert.NotNull(anchor);
        var report = await tampered.ReadAsync<ChainReport>();
        Assert.False(report.Intact);
        Assert.Contains(report.Problems, problem => problem.Problem.Contains($"Anchor {anchor.Id}", StringComparison.Ordinal));
        var verdict = await clean.ReadAsync<ChainReport>();
        Assert.True(verdict.Intact, string.Join("; ", verdict.Problems));
        Assert.Equal(anchor.Id, verdict.Anchor?.AnchorId);
        Assert.Equal(1, verdict.Anchor?.Version);
        Assert.Equal(2, verdict.EventCount);
    }

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Dossiers:Anchoring:Directory"] = directory,
            ["Dossiers:Anchoring:TsaUrl"] = sandbox.Server.Face("tsa").ToString(),
            ["Dossiers:Anchoring:TsaTrustedRoots:0"] = Path.Combine(sandbox.Server.StateDirectory, "tsa", "ca", "root.pem"),
        });
}
