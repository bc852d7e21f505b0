using HanoiEgov.Modules.AdministrativeUnits;

namespace HanoiEgov.Platform.Tests.AdministrativeUnits;

[Trait("Category", "Unit")]
public sealed class AdministrativeUnitQueryTests
{
    [Fact]
    public void An_empty_query_asks_for_the_first_page_of_50()
    {
        Assert.True(new AdministrativeUnitQuery(null, null, null, null, null).TryValidate(out var filter, out _));

        Assert.Equal(new AdministrativeUnitFilter(null, null, null, 1, 50), filter);
    }

    [Fact]
    public void Every_malformed_field_is_named_with_its_own_message()
    {
        var valid = new AdministrativeUnitQuery("Hà Nội", "district", "x", "0", "abc").TryValidate(out _, out var errors);

        Assert.False(valid);
        Assert.Equal(["page", "pageSize", "parent", "q", "type"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("municipality", errors["type"].Single(), StringComparison.Ordinal);
        Assert.Contains("1 to 200", errors["pageSize"].Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" 10")]
    public void Page_size_outside_1_to_200_or_not_a_whole_number_is_refused(string pageSize)
    {
        Assert.False(new AdministrativeUnitQuery(null, null, null, null, pageSize).TryValidate(out _, out var errors));
        Assert.Equal(["pageSize"], errors.Keys);
    }

    [Fact]
    public void Search_text_with_diacritics_is_folded_before_it_reaches_the_database()
    {
        Assert.True(new AdministrativeUnitQuery("01", "ward", "Hoàn Kiếm", "2", "10").TryValidate(out var filter, out _));

        Assert.Equal(new AdministrativeUnitFilter("01", "ward", "hoan_kiem", 2, 10), filter);
    }

    [Theory]
    [InlineData("01", true)]
    [InlineData("00004", true)]
    [InlineData("1", false)]
    [InlineData("0a004", false)]
    [InlineData("01; DROP TABLE x", false)]
    public void Unit_codes_are_2_to_10_digits(string code, bool wellFormed) =>
        Assert.Equal(wellFormed, AdministrativeUnitQuery.IsWellFormedCode(code));
}
