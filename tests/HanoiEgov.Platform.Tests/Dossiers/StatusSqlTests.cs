using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;

namespace HanoiEgov.Platform.Tests.Dossiers;

[Trait("Category", "Unit")]
public sealed class StatusSqlTests
{
    [Fact]
    public void The_final_statuses_of_the_statements_are_those_of_the_state_machine() =>
        Assert.Equal(Codes(DossierStateMachine.IsFinal), StatusSql.Final);

    [Fact]
    public void A_deadline_is_pending_while_its_clock_runs_or_is_paused() =>
        Assert.Equal(Codes(status => DossierStateMachine.ClockRuns(status) || DossierStateMachine.PausesTheClock(status)), StatusSql.DeadlinePending);

    [Fact]
    public void A_dossier_closed_unprocessed_is_final_without_its_result_returned() =>
        Assert.Equal(Codes(status => DossierStateMachine.IsFinal(status) && status != DossierStatus.ResultReturned), StatusSql.ClosedUnprocessed);

    [Fact]
    public void The_sets_read_as_the_national_codes_of_today() =>
        Assert.Equal(["(3, 7, 8, 10)", "(1, 2, 4, 5, 6)", "(3, 7, 8)"], [StatusSql.Final, StatusSql.DeadlinePending, StatusSql.ClosedUnprocessed]);

    [Fact]
    public void A_changed_rule_renders_a_changed_list() =>
        Assert.Equal("(3, 7, 8, 9, 10)", StatusSql.InList(status => DossierStateMachine.IsFinal(status) || status == DossierStatus.Processed));

    /// <summary>A query names open dossiers as the partial indexes do, or the planner cannot use them.</summary>
    [Theory]
    [InlineData("dossiers_open_by_due", "final")]
    [InlineData("dossiers_open_by_assignee", "final")]
    [InlineData("dossiers_open_transferred_in", "final")]
    [InlineData("dossiers_open_by_receipt", "closed unprocessed")]
    public void The_partial_indexes_of_open_dossiers_hold_the_sets_the_queries_render(string index, string set)
    {
        var list = set == "final" ? StatusSql.Final : StatusSql.ClosedUnprocessed;
        Assert.Contains($"status NOT IN {list}", LatestDefinition(index), StringComparison.Ordinal);
    }

    /// <summary>The triggers that keep the worklist's count of open dossiers (0043) name the final statuses as the state machine does.</summary>
    [Fact]
    public void The_kept_count_of_open_dossiers_leaves_out_the_final_statuses_of_the_state_machine()
    {
        var script = Script("0043_open_dossier_counts.sql");
        var lists = System.Text.RegularExpressions.Regex.Matches(script, @"status NOT IN (\([0-9, ]+\))").Select(match => match.Groups[1].Value).Distinct();
        Assert.Equal([StatusSql.Final], lists);
    }

    private static string Script(string name)
    {
        var assembly = typeof(DossierStatus).Assembly;
        using var reader = new StreamReader(assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(resource => resource.EndsWith(name, StringComparison.Ordinal)))!);
        return reader.ReadToEnd();
    }

    private static string Codes(Func<DossierStatus, bool> set) =>
        $"({string.Join(", ", Enum.GetValues<DossierStatus>().Where(set).Select(status => (int)status))})";

    /// <summary>The statement of the last migration that creates <paramref name="index"/>, up to its semicolon.</summary>
    private static string LatestDefinition(string index)
    {
        var assembly = typeof(DossierStatus).Assembly;
        var created = $"CREATE INDEX {index} ";
        var definitions = assembly.GetManifestResourceNames()
            .Where(resource => resource.Contains(".Migrations.", StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(resource =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                return reader.ReadToEnd();
            })
            .Where(script => script.Contains(created, StringComparison.Ordinal))
            .Select(script => script[script.LastIndexOf(created, StringComparison.Ordinal)..])
            .Select(statement => statement[..statement.IndexOf(';', StringComparison.Ordinal)]);
        return definitions.Last();
    }
}
