using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The verification endpoint of a platform host that anchors, as the AppHost configures it with the sandbox's TSA.</summary>
public sealed class AnchoringApiTests(LocalServersFixture servers, VendorSandboxFixture sandbox) : HostedPlatformTests(servers, "anchoringapi"), IClassFixture<VendorSandboxFixture>
{
    private readonly string directory = Directory.CreateTempSubdirectory("anchoring-api-").FullName;

    [Fact]
    public async Task The_verification_endpoint_reports_a_consistent_rewrite_after_an_anchor_and_names_the_anchor_of_an_untouched_dossier()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var rewritten = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).GetProperty("id").GetString()!;
        var untouched = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).GetProperty("id").GetString()!;
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
        var report = await DemoUserCalls.JsonOf(tampered);
        Assert.False(report.GetProperty("intact").GetBoolean());
        Assert.Contains(report.GetProperty("problems").EnumerateArray(), problem => problem.GetProperty("problem").GetString()!.Contains($"Anchor {anchor.Id}", StringComparison.Ordinal));
        var verdict = await DemoUserCalls.JsonOf(clean);
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
        Assert.Equal(anchor.Id, verdict.GetProperty("anchor").GetProperty("anchorId").GetString());
        Assert.Equal(1, verdict.GetProperty("anchor").GetProperty("version").GetInt32());
        Assert.Equal(2, verdict.GetProperty("eventCount").GetInt32());
    }

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Dossiers:Anchoring:Directory"] = directory,
            ["Dossiers:Anchoring:TsaUrl"] = sandbox.Server.Face("tsa").ToString(),
            ["Dossiers:Anchoring:TsaTrustedRoots:0"] = Path.Combine(sandbox.Server.StateDirectory, "tsa", "ca", "root.pem"),
        });
}
