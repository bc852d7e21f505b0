using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The personal ID and mobile number rules every vendor module and the platform share.</summary>
[Trait("Category", "Unit")]
public sealed class VendorRulesTests
{
    [Theory]
    [InlineData("001090012345", "001", false, 1990)]
    [InlineData("001195012346", "001", true, 1995)]
    [InlineData("001302012347", "001", true, 2002)]
    [InlineData("079203000001", "079", false, 2003)]
    public void A_personal_id_tells_province_gender_and_birth_year(string value, string province, bool female, int year)
    {
        Assert.True(PersonalId.TryParse(value, out var id));
        Assert.Equal((province, female, year), (id.ProvinceCode, id.IsFemale, id.BirthYear));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00109001234")]
    [InlineData("0010900123456")]
    [InlineData("00109001234X")]
    [InlineData("000090012345")]
    [InlineData("097090012345")]
    [InlineData("001399012345")]
    [InlineData("００１０９００１２３４５")]
    public void Anything_else_is_not_a_personal_id(string? value) => Assert.False(PersonalId.IsValid(value));

    [Theory]
    [InlineData("0912345678", "84912345678")]
    [InlineData("+84 912 345 678", "84912345678")]
    [InlineData("84387654321", "84387654321")]
    [InlineData("0987.654.321", "84987654321")]
    public void A_Vietnamese_mobile_number_is_normalised_to_international_form(string value, string expected)
    {
        Assert.True(VietnameseMobileNumber.TryNormalize(value, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("02438251234")]
    [InlineData("0112345678")]
    [InlineData("091234567")]
    [InlineData("+15551234567")]
    [InlineData("09123456789")]
    public void A_landline_foreign_or_short_number_is_not_a_mobile_number(string value) =>
        Assert.False(VietnameseMobileNumber.TryNormalize(value, out _));
}
