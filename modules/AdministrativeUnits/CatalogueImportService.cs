using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Modules.AdministrativeUnits.Grains;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;

namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>Once the schema is current, asks the import grain to make the catalogue match the shipped dataset.</summary>
internal sealed partial class CatalogueImportService(
    DatabaseReadiness database,
    IGrainFactory grains,
    ILogger<CatalogueImportService> logger) : BackgroundService, IHealthCheck
{
    private CatalogueImportStatus? imported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitAsync(stoppingToken);
        var retry = StartupRetry.UntilAvailable;
        retry.OnRetry = attempt =>
        {
            LogImportRetry(attempt.AttemptNumber + 1, attempt.RetryDelay, attempt.Outcome.Exception?.Message);
            return ValueTask.CompletedTask;
        };
        var pipeline = new ResiliencePipelineBuilder().AddRetry(retry).Build();
        imported = await pipeline.ExecuteAsync(
            async _ => await grains.GetGrain<ICatalogueImportGrain>(AdministrativeUnitDataset.Current).EnsureImportedAsync(),
            stoppingToken);
        LogImported(imported.Dataset, imported.UnitCount, imported.ImportedBySilo);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(imported is null
            ? HealthCheckResult.Unhealthy("The administrative-units catalogue is not imported yet.")
            : HealthCheckResult.Healthy($"{imported.UnitCount} units of {imported.Dataset}."));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue import not done yet (attempt {Attempt}); retrying in {Delay}: {Reason}")]
    private partial void LogImportRetry(int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalogue {Dataset} holds {Count} units (imported by silo {Silo})")]
    private partial void LogImported(string dataset, int count, string silo);
}
