using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.AdministrativeUnits.Data;

namespace HanoiEgov.Platform.Tests.AdministrativeUnits;

[Trait("Category", "Unit")]
public sealed class AgencyDirectoryTests
{
    private static readonly AgencyDirectory Directory = AgencyDirectory.Load(AdministrativeUnitDataset.LoadEmbedded());

    [Fact]
    public void Every_one_of_Hanois_126_communes_and_wards_receives_dossiers_and_so_do_the_city_agencies()
    {
        Assert.Equal(126, Directory.All.Count(agency => agency.Level == AgencyLevels.Commune));
        Assert.Contains(Directory.All, agency => agency.Level == AgencyLevels.City && agency.Name == "Sở Tư pháp thành phố Hà Nội");
        Assert.Equal(Directory.All.Count, Directory.All.Select(agency => agency.Code).Distinct().Count());
    }

    [Fact]
    public void An_agency_is_found_by_its_code_and_a_unit_outside_Hanoi_is_not_an_agency_of_the_city()
    {
        Assert.Equal("Phường Ba Đình", Directory.Find("00004")?.Name);
        Assert.Null(Directory.Find("01"));
        Assert.Null(Directory.Find("01273"));
    }
}
