using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.PlatformHost;

/// <summary>The modules this host serves. Adding a module is a project reference and one line here.</summary>
internal static class PlatformModules
{
    public static readonly IReadOnlyList<IPlatformModule> All =
    [
        new AdministrativeUnitsModule(),
        new ProceduresModule(),
        new DossiersModule(),
    ];
}
