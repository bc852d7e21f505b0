using System.Reflection;
using Xunit.v3;

namespace HanoiEgov.Platform.Tests.Architecture;

/// <summary>Tests are sorted along one axis: a folder per module or app, and their kind as one <c>Category</c> trait.</summary>
[Trait("Category", "Unit")]
public sealed class TestCategoryTests
{
    private static readonly string[] Kinds = ["Unit", "Integration", "Cluster", "Browser"];

    private static readonly string[] Folders =
        ["AdministrativeUnits", "AppHost", "Architecture", "Dossiers", "Identity", "PlatformHost", "Portals", "Procedures", "Vendors"];

    private static readonly Type[] TestClasses = [.. typeof(TestCategoryTests).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false })
        .Where(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any()))];

    [Fact]
    public void Every_test_class_names_its_kind_in_exactly_one_category_trait()
    {
        var wrong = TestClasses
            .Select(type => (type, categories: type.GetCustomAttributes(inherit: true).OfType<ITraitAttribute>()
                .SelectMany(trait => trait.GetTraits()).Where(trait => trait.Key == "Category").Select(trait => trait.Value).ToList()))
            .Where(test => test.categories.Count != 1 || !Kinds.Contains(test.categories[0]))
            .Select(test => $"{test.type.Name}: [{string.Join(", ", test.categories)}]")
            .ToList();

        Assert.NotEmpty(TestClasses);
        Assert.True(wrong.Count == 0, $"Give each test class one of Category={string.Join("|", Kinds)}: {string.Join("; ", wrong)}");
    }

    [Fact]
    public void Every_test_class_lives_in_the_folder_of_its_module_or_app()
    {
        var misplaced = TestClasses
            .Where(type => !Folders.Any(folder => type.Namespace == $"HanoiEgov.Platform.Tests.{folder}"))
            .Select(type => type.FullName)
            .ToList();

        Assert.True(misplaced.Count == 0, $"Test classes outside {string.Join(", ", Folders)}: {string.Join("; ", misplaced)}");
    }
}
