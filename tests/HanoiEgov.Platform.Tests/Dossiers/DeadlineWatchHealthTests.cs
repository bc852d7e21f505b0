using HanoiEgov.Modules.Dossiers.Domain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The health check reports the deadline watch's last tick: a watch that stopped is noticed.</summary>
[Trait("Category", "Unit")]
public sealed class DeadlineWatchHealthTests
{
    private static readonly TimeSpan Hourly = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_tick_within_two_periods_that_looked_at_every_dossier_is_healthy()
    {
        var result = DeadlineWatchHealthCheck.Judge(new DeadlineTick(Now.AddMinutes(-70), 12, 0), Now.AddDays(-1), Now, Hourly);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(Now.AddMinutes(-70), result.Data["lastTickAt"]);
    }

    [Fact]
    public void A_watch_whose_last_tick_is_older_than_two_periods_is_degraded_naming_the_time()
    {
        var result = DeadlineWatchHealthCheck.Judge(new DeadlineTick(Now.AddHours(-3), 12, 0), Now.AddDays(-1), Now, Hourly);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains(Now.AddHours(-3).ToString("O"), result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watch_that_never_ticked_is_healthy_only_while_the_host_is_young()
    {
        Assert.Equal(HealthStatus.Healthy, DeadlineWatchHealthCheck.Judge(null, Now.AddMinutes(-30), Now, Hourly).Status);
        Assert.Equal(HealthStatus.Degraded, DeadlineWatchHealthCheck.Judge(null, Now.AddHours(-3), Now, Hourly).Status);
    }

    [Fact]
    public void A_tick_with_failed_looks_is_degraded_with_the_count()
    {
        var result = DeadlineWatchHealthCheck.Judge(new DeadlineTick(Now.AddMinutes(-5), 40, 3), Now.AddDays(-1), Now, Hourly);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("3 of 40", result.Description, StringComparison.Ordinal);
    }
}
