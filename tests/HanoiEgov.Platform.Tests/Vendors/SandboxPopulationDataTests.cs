using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Vendors;
using HanoiEgov.VendorSandbox.Population;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The synthetic population shipped with the sandbox (<c>apps/VendorSandbox/Data/population.json</c>).</summary>
[Trait("Category", "Unit")]
public sealed class SandboxPopulationDataTests
{
    private static readonly string File = Path.Combine(Path.GetDirectoryName(new Projects.HanoiEgov_VendorSandbox().ProjectPath)!, "Data", "population.json");
    private static readonly PopulationRegistry Registry = PopulationRegistry.Load(File);
    private static readonly List<Person> People = System.Text.Json.JsonSerializer.Deserialize<List<Person>>(System.IO.File.ReadAllText(File), System.Text.Json.JsonSerializerOptions.Web)!;

    [Theory]
    [InlineData("001090012345", "Nguyễn Văn An")]
    [InlineData("001195012346", "Trần Thị Bình")]
    [InlineData("001302012347", "Lê Minh Châu")]
    public void The_demo_citizens_are_in_the_registry(string personalId, string name) =>
        Assert.Equal(name, Registry.Find(personalId)?.FullName);

    [Fact]
    public void A_few_hundred_people_with_unique_well_formed_ids_that_agree_with_birth_year_and_gender()
    {
        Assert.InRange(People.Count, 300, 2000);
        Assert.Equal(People.Count, People.Select(person => person.PersonalId).Distinct().Count());
        Assert.All(People, person =>
        {
            Assert.True(PersonalId.TryParse(person.PersonalId, out var id), person.PersonalId);
            Assert.Equal(id.BirthYear, person.DateOfBirth.Year);
            Assert.Equal(id.IsFemale ? "female" : "male", person.Gender);
        });
    }

    [Fact]
    public void Everyone_lives_in_one_of_Hanois_wards_or_communes_of_the_shipped_units()
    {
        var hanoi = AdministrativeUnitDataset.LoadEmbedded().Units.Where(unit => unit.ParentCode == "01").ToDictionary(unit => unit.Code, unit => unit.FullName);

        Assert.All(People, person =>
        {
            Assert.True(hanoi.TryGetValue(person.PermanentAddress.WardCode, out var ward), person.PermanentAddress.WardCode);
            Assert.Equal(ward, person.PermanentAddress.WardName);
        });
        Assert.True(People.Select(person => person.PermanentAddress.WardCode).Distinct().Count() > 50);
    }
}
