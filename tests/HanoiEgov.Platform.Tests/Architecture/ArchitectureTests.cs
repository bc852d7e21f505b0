using System.Reflection;
using System.Runtime.CompilerServices;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.PlatformHost;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;

namespace HanoiEgov.Platform.Tests.Architecture;

/// <summary>One rule list for every module the platform host composes, and the rules that keep hosts thin.</summary>
[Trait("Category", "Unit")]
public sealed class ArchitectureTests
{
    private const string GeneratedOrleansCode = "^OrleansCodeGen.*";

    private static readonly Assembly PlatformHostAssembly = typeof(PlatformModules).Assembly;
    private static readonly Assembly AppHostAssembly = typeof(HanoiEgov.AppHost.Program).Assembly;
    private static readonly Assembly BuildingBlocksAssembly = typeof(IPlatformModule).Assembly;
    private static readonly Assembly[] ModuleAssemblies = [.. PlatformModules.All.Select(module => module.GetType().Assembly).Distinct()];

    private static readonly ArchUnitNET.Domain.Architecture Platform = new ArchLoader()
        .LoadAssemblies([PlatformHostAssembly, AppHostAssembly, BuildingBlocksAssembly, .. ModuleAssemblies])
        .Build();

    public static TheoryData<string> Modules => [.. ModuleAssemblies.Select(assembly => assembly.GetName().Name!)];

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_modules_public_types_are_its_contract_in_its_root_namespace(string module)
    {
        var assembly = Load(module);

        Types().That().ResideInAssembly(assembly).And().ArePublic().And().DoNotResideInNamespaceMatching(GeneratedOrleansCode)
            .Should().ResideInNamespace(module)
            .Because("a module's internals stay internal; only its contract is public")
            .Check(Platform);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_uses_other_assemblies_only_through_their_public_types(string module)
    {
        var assembly = Load(module);
        foreach (var other in ModuleAssemblies.Append(BuildingBlocksAssembly).Where(other => other != assembly))
        {
            Types().That().ResideInAssembly(assembly)
                .Should().NotDependOnAny(Types().That().ResideInAssembly(other).And().AreNotPublic())
                .Because("modules meet only through contracts")
                .Check(Platform);
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_knows_no_host(string module) =>
        Types().That().ResideInAssembly(Load(module))
            .Should().NotDependOnAny(Types().That().ResideInAssembly(PlatformHostAssembly, AppHostAssembly))
            .Check(Platform);

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_opens_its_internals_to_the_tests_and_the_benchmark_alone(string module)
    {
        var friends = Load(module).GetCustomAttributes<InternalsVisibleToAttribute>().Select(attribute => attribute.AssemblyName);

        // The benchmark replays the event store's own SQL through pgbench, so it reads it where it is written.
        Assert.All(friends, friend => Assert.True(friend is "HanoiEgov.Platform.Tests" or "HanoiEgov.Benchmarks", $"{module} opens its internals to {friend}"));
    }

    [Fact]
    public void The_platform_host_holds_no_grains_and_no_SQL() =>
        Types().That().ResideInAssembly(PlatformHostAssembly).And().DoNotResideInNamespaceMatching(GeneratedOrleansCode)
            .Should().NotBeAssignableTo(typeof(Grain))
            .AndShould().NotDependOnAny(Types().That().ResideInNamespaceMatching("^Npgsql.*"))
            .Because("business logic lives in modules; the host only composes them")
            .Check(Platform);

    [Fact]
    public void The_platform_host_uses_modules_only_through_their_public_types()
    {
        foreach (var module in ModuleAssemblies)
        {
            Types().That().ResideInAssembly(PlatformHostAssembly)
                .Should().NotDependOnAny(Types().That().ResideInAssembly(module).And().AreNotPublic())
                .Check(Platform);
        }
    }

    [Fact]
    public void The_AppHost_describes_resources_and_references_no_module_code() =>
        Types().That().ResideInAssembly(AppHostAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(BuildingBlocksAssembly, ModuleAssemblies))
            .Check(Platform);

    [Fact]
    public void Building_blocks_depend_on_no_module() =>
        Types().That().ResideInAssembly(BuildingBlocksAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(ModuleAssemblies[0], ModuleAssemblies[1..]))
            .Check(Platform);

    private static Assembly Load(string name) => ModuleAssemblies.Single(assembly => assembly.GetName().Name == name);
}
