using System.Net.Sockets;
using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Platform.Tests.PlatformHost;

[Trait("Category", "Unit")]
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
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(refused));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new PostgresException("too many clients", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections)));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new SiloUnavailableException()));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new TimeoutException()));
        Assert.True(TransientDependencyExceptionHandler.IsTransient(new InvalidOperationException("wrapped", refused)));
    }

    [Fact]
    public void A_database_error_that_is_not_about_reaching_the_database_is_a_bug_not_unavailability()
    {
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new PostgresException("relation does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable)));
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new InvalidOperationException("wrapped", new PostgresException("value too long", "ERROR", "ERROR", PostgresErrorCodes.StringDataRightTruncation))));
    }

    [Fact]
    public void Programming_errors_are_not_disguised_as_unavailability()
    {
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientDependencyExceptionHandler.IsTransient(new ArgumentNullException("code")));
    }
}
