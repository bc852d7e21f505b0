using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

internal static class AnchoringRegistration
{
    /// <summary>
    /// Anchoring, when <c>Dossiers:Anchoring:Directory</c> is set: the key (generated at start if missing), the TSA
    /// client, the periodic round and the ledger verification reads. Refuses to start, naming the setting, when a
    /// setting it needs is missing.
    /// </summary>
    public static void AddDossierAnchoring(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AnchoringOptions.Section).Get<AnchoringOptions>() ?? new AnchoringOptions();
        if (!options.Enabled)
        {
            return;
        }

        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Dossier anchoring is on ({AnchoringOptions.Section}:Directory is set), but {string.Join(" ", problems)}");
        }

        options.Directory = Path.GetFullPath(options.Directory);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(provider => AnchorKey.LoadOrCreate(options.EffectiveKeyPath, options.CertificatesDirectory, provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(_ => new AnchorLedger(options));
        builder.Services.AddHttpClient(TimestampClient.HttpClientName);
        builder.Services.AddSingleton<TimestampClient>();
        builder.Services.AddSingleton<DossierAnchoring>();
        builder.Services.AddHostedService<AnchoringService>();
    }
}
