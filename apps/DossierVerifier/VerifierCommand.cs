using HanoiEgov.Modules.Dossiers;
using Npgsql;

namespace HanoiEgov.DossierVerifier;

/// <summary>
/// <c>dossier-verifier [--connection &lt;npgsql connection string&gt;] [--dossier &lt;id&gt;]</c>: verifies one dossier or all.
/// Exit code 0 when every history is intact, 1 when any is not, 2 on a usage error.
/// </summary>
internal static class VerifierCommand
{
    public static async Task<int> RunAsync(string[] args, string? connectionFromEnvironment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var connection = connectionFromEnvironment;
        Guid? dossier = null;
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
                default:
                    await error.WriteLineAsync($"Unknown or incomplete argument '{args[index]}'. Usage: dossier-verifier [--connection <connection string>] [--dossier <id>]");
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            await error.WriteLineAsync("No database: pass --connection or set ConnectionStrings__egov.");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(connection);
        var verification = new DossierVerification(dataSource);
        var broken = 0;
        var checkedCount = 0;
        if (dossier is { } one)
        {
            checkedCount = 1;
            broken += await ReportAsync(output, one.ToString(), await verification.VerifyAsync(one, cancellationToken));
        }
        else
        {
            await foreach (var (code, report) in verification.VerifyAllAsync(cancellationToken))
            {
                checkedCount++;
                broken += await ReportAsync(output, code, report);
            }
        }

        await output.WriteLineAsync($"{checkedCount} dossier(s) checked, {broken} with a broken history.");
        return broken == 0 ? 0 : 1;
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
