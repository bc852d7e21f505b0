using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Vendors;

[Trait("Category", "Unit")]
public sealed class PersonalIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    [InlineData("001090012345")]
    [InlineData("001195012346")]
    [InlineData("001302012347")]
    [InlineData("079226000001")]
    [InlineData("096099123456")]
    public void A_12_digit_id_with_a_birth_province_and_a_past_birth_year_is_valid(string id) =>
        Assert.Null(PersonalId.Problem(id, Today));

    [Theory]
    [InlineData(null, "12 digits")]
    [InlineData("00109001234", "12 digits")]
    [InlineData("00109001234A", "12 digits")]
    [InlineData("000090012345", "province")]
    [InlineData("003090012345", "province")]
    [InlineData("097090012345", "province")]
    [InlineData("001227012345", "2027")]
    [InlineData("001400012345", "2100")]
    public void An_id_is_refused_naming_what_is_wrong(string? id, string named) =>
        Assert.Contains(named, PersonalId.Problem(id, Today), StringComparison.Ordinal);
}
