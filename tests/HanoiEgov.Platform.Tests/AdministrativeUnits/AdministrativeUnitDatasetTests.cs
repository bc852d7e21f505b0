using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.AdministrativeUnits.Data;

namespace HanoiEgov.Platform.Tests.AdministrativeUnits;

[Trait("Category", "Unit")]
public sealed class AdministrativeUnitDatasetTests
{
    private static readonly AdministrativeUnitDataset Dataset = AdministrativeUnitDataset.LoadEmbedded();

    [Fact]
    public void Hanoi_has_126_units_51_wards_and_75_communes()
    {
        var hanoi = Dataset.Units.Where(unit => unit.ParentCode == "01").ToList();

        Assert.Equal(126, hanoi.Count);
        Assert.Equal(51, hanoi.Count(unit => unit.Type == AdministrativeUnitTypes.Ward));
        Assert.Equal(75, hanoi.Count(unit => unit.Type == AdministrativeUnitTypes.Commune));
    }

    [Fact]
    public void Country_has_34_provinces_and_3321_communes_and_wards()
    {
        Assert.Equal(34, Dataset.Units.Count(unit => unit.Level == 1));
        Assert.Equal(3321, Dataset.Units.Count(unit => unit.Level == 2));
    }

    [Fact]
    public void Every_commune_or_ward_hangs_under_a_province_of_the_dataset()
    {
        var provinces = Dataset.Units.Where(unit => unit.Level == 1).Select(unit => unit.Code).ToHashSet();

        Assert.All(Dataset.Units.Where(unit => unit.Level == 2), unit => Assert.Contains(unit.ParentCode!, provinces));
        Assert.Equal(Dataset.Units.Count, Dataset.Units.Select(unit => unit.Code).Distinct().Count());
    }

    [Fact]
    public void Hanoi_is_a_municipality_with_its_Vietnamese_and_English_names()
    {
        var hanoi = Assert.Single(Dataset.Units, unit => unit.Code == "01");

        Assert.Equal(AdministrativeUnitTypes.Municipality, hanoi.Type);
        Assert.Equal("Thành phố Hà Nội", hanoi.FullName);
        Assert.Equal("Hanoi City", hanoi.FullNameEn);
        Assert.Null(hanoi.ParentCode);
    }

    [Theory]
    [InlineData("Phường Ba Đình", AdministrativeUnitTypes.Ward)]
    [InlineData("Xã Sóc Sơn", AdministrativeUnitTypes.Commune)]
    [InlineData("xã Tân Hội", AdministrativeUnitTypes.Commune)]
    [InlineData("Đặc khu Phú Quốc", AdministrativeUnitTypes.SpecialZone)]
    [InlineData("Tỉnh Cao Bằng", AdministrativeUnitTypes.Province)]
    [InlineData("Thành phố Huế", AdministrativeUnitTypes.Municipality)]
    public void Unit_type_is_read_from_the_title_of_its_full_name(string fullName, string expected) =>
        Assert.Equal(expected, AdministrativeUnitDataset.TypeOf(fullName));

    [Fact]
    public void A_full_name_without_a_known_title_is_rejected_with_the_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => AdministrativeUnitDataset.TypeOf("Quận Ba Đình"));

        Assert.Contains("Quận Ba Đình", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hoàn Kiếm", "hoan_kiem")]
    [InlineData("  Đống Đa ", "dong_da")]
    [InlineData("ĐỐNG ĐA", "dong_da")]
    [InlineData("Bà Rịa-Vũng Tàu", "ba_ria_vung_tau")]
    public void Search_text_folds_to_the_ascii_code_name_form(string text, string expected) =>
        Assert.Equal(expected, HanoiEgov.BuildingBlocks.VietnameseText.Fold(text));

    [Fact]
    public void A_unit_listed_under_the_wrong_province_makes_the_dataset_invalid()
    {
        var json = """
            [{"Code":"01","Name":"Hà Nội","NameEn":"Hanoi","FullName":"Thành phố Hà Nội","FullNameEn":"Hanoi City","CodeName":"ha_noi",
              "Wards":[{"Code":"00004","Name":"Ba Đình","NameEn":"Ba Dinh","FullName":"Phường Ba Đình","FullNameEn":"Ba Dinh Ward","CodeName":"ba_dinh","ProvinceCode":"79"}]}]
            """u8.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => AdministrativeUnitDataset.Parse("bad", json));

        Assert.Contains("00004", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dataset_hash_changes_when_its_content_changes()
    {
        var json = """[{"Code":"01","Name":"Hà Nội","NameEn":"Hanoi","FullName":"Thành phố Hà Nội","FullNameEn":"Hanoi City","CodeName":"ha_noi","Wards":[]}]"""u8.ToArray();
        var changed = """[{"Code":"01","Name":"Hà Nội","NameEn":"Ha Noi","FullName":"Thành phố Hà Nội","FullNameEn":"Hanoi City","CodeName":"ha_noi","Wards":[]}]"""u8.ToArray();

        Assert.NotEqual(AdministrativeUnitDataset.Parse("a", json).Sha256, AdministrativeUnitDataset.Parse("a", changed).Sha256);
        Assert.Equal(AdministrativeUnitDataset.Parse("a", json).Sha256, AdministrativeUnitDataset.Parse("b", json).Sha256);
    }
}
