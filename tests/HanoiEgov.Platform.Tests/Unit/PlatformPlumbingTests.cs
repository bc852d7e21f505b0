using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Unit;

public sealed class PlatformPlumbingTests
{
    [Theory]
    [InlineData("HanoiEgov.Modules.AdministrativeUnits.Migrations.0001_administrative_units.sql", true)]
    [InlineData("HanoiEgov.Modules.AdministrativeUnits.Data.vn-admin-units-2026.json", false)]
    [InlineData("HanoiEgov.Modules.AdministrativeUnits.Queries.report.sql", false)]
    public void Only_sql_under_Migrations_is_run_as_a_migration(string resource, bool isMigration) =>
        Assert.Equal(isMigration, DatabaseMigrator.IsMigrationScript(resource));

    [Fact]
    public void Database_and_cluster_failures_are_the_callers_to_retry()
    {
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new NpgsqlException("connection refused")));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new SiloUnavailableException()));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new TimeoutException()));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new InvalidOperationException("wrapped", new NpgsqlException("refused"))));
    }

    [Fact]
    public void Programming_errors_are_not_disguised_as_unavailability()
    {
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new ArgumentNullException("code")));
    }
}
