using HanoiEgov.Modules.Dossiers;
using Npgsql;

namespace HanoiEgov.DossierVerifier;

/// <summary>
/// <c>dossier-verifier [--connection &lt;npgsql connection string&gt;] [--dossier &lt;id&gt;] [--anchors &lt;directory&gt; --tsa-root &lt;pem&gt;...]</c>:
/// verifies one dossier or all, and with an anchoring directory each against the anchors that cover it.
/// Exit code 0 when every history (and every anchor) is intact, 1 when any is not, 2 on a usage error.
/// </summary>
internal static class VerifierCommand
{
    private const string Usage = "Usage: dossier-verifier [--connection <connection string>] [--dossier <id>] [--anchors <anchoring directory> --tsa-root <pem file>...]";

    public static async Task<int> RunAsync(string[] args, string? connectionFromEnvironment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var connection = connectionFromEnvironment;
        Guid? dossier = null;
        string? anchors = null;
        var tsaRoots = new List<string>();
        for (var index = 0; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--connection" when index + 1 < args.Length:
                    connection = args[++index];
                    break;
                case "--dossier" when index + 1 < args.Length && Guid.TryParse(args[index + 1], out var id):
                    dossier = id;
                    index++;
                    break;
                case "--anchors" when index + 1 < args.Length:
                    anchors = args[++index];
                    break;
                case "--tsa-root" when index + 1 < args.Length:
                    tsaRoots.Add(args[++index]);
                    break;
                default:
                    await error.WriteLineAsync($"Unknown or incomplete argument '{args[index]}'. {Usage}");
                    return 2;
            }
        }

        if (anchors is not null && (!Directory.Exists(anchors) || tsaRoots.Count == 0 || tsaRoots.Any(root => !File.Exists(root))))
        {
            await error.WriteLineAsync($"--anchors needs an existing anchoring directory and at least one existing --tsa-root PEM file. {Usage}");
            return 2;
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            await error.WriteLineAsync("No database: pass --connection or set ConnectionStrings__egov.");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connection);
        var verification = anchors is null ? new DossierVerification(dataSource) : DossierVerification.WithAnchors(dataSource, anchors, tsaRoots);
        var broken = 0;
        var checkedCount = 0;
        var anchored = 0;
        if (dossier is { } one)
        {
            checkedCount = 1;
            var report = await verification.VerifyAsync(one, cancellationToken);
            anchored += report.Anchor is null ? 0 : 1;
            broken += await ReportAsync(output, one.ToString(), report);
        }
        else
        {
            await foreach (var (code, report) in verification.VerifyAllAsync(cancellationToken))
            {
                checkedCount++;
                anchored += report.Anchor is null ? 0 : 1;
                broken += await ReportAsync(output, code, report);
            }
        }

        await output.WriteLineAsync($"{checkedCount} dossier(s) checked, {broken} with a broken history.");
        if (anchors is null)
        {
            return broken == 0 ? 0 : 1;
        }

        var (anchorCount, anchorProblems) = verification.Anchors();
        foreach (var problem in anchorProblems)
        {
            await output.WriteLineAsync(problem);
        }

        await output.WriteLineAsync($"{anchorCount} anchor(s) read, {anchorProblems.Count} that do not verify; {anchored} dossier(s) covered by a verified anchor.");
        return broken == 0 && anchorProblems.Count == 0 ? 0 : 1;
    }

    private static async Task<int> ReportAsync(TextWriter output, string name, ChainReport report)
    {
        if (report.Intact)
        {
            return 0;
        }

        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"{name} event {problem.Version}: {problem.Problem}");
        }

        return 1;
    }
}
