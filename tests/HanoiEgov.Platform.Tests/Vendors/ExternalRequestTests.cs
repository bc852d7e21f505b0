using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>The checks every provider of <see cref="IIdentityCardRegistry"/> makes before it calls the police's system.</summary>
[Trait("Category", "Unit")]
public sealed class ExternalRequestTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public void A_child_a_day_short_of_six_with_every_field_given_may_be_sent() =>
        Assert.Null(ExternalRequest.Problem(Card(Today.AddYears(-6).AddDays(1))));

    [Theory]
    [InlineData(6, 0)]
    [InlineData(7, 0)]
    [InlineData(6, 30)]
    public void A_child_six_or_older_on_the_day_is_refused_naming_dateOfBirth(int years, int daysMore)
    {
        var failure = ExternalRequest.Problem(Card(Today.AddYears(-years).AddDays(-daysMore)));

        Assert.Equal(VendorFailureCodes.InvalidRequest, failure?.Code);
        Assert.StartsWith("dateOfBirth:", failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_of_birth_still_to_come_is_refused_naming_dateOfBirth()
    {
        var failure = ExternalRequest.Problem(Card(Today.AddDays(1)));

        Assert.Equal(VendorFailureCodes.InvalidRequest, failure?.Code);
        Assert.StartsWith("dateOfBirth:", failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("00109001234X")]
    [InlineData("")]
    public void A_requester_id_not_in_the_CCCD_shape_is_refused_naming_requesterPersonalId(string requester)
    {
        var failure = ExternalRequest.Problem(Card(Today.AddYears(-1)) with { RequesterPersonalId = requester });

        Assert.Equal(VendorFailureCodes.InvalidPersonalId, failure?.Code);
        Assert.StartsWith("requesterPersonalId:", failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gender", "nam")]
    [InlineData("deliveryAddress", " ")]
    [InlineData("birthRegistrationNumber", "")]
    public void A_gender_other_than_Nam_or_Nu_or_a_missing_text_is_refused_naming_the_field(string field, string value)
    {
        var card = Card(Today.AddYears(-1));
        var failure = ExternalRequest.Problem(field switch
        {
            "gender" => card with { Gender = value },
            "deliveryAddress" => card with { DeliveryAddress = value },
            _ => card with { BirthRegistrationNumber = value },
        });

        Assert.Equal(VendorFailureCodes.InvalidRequest, failure?.Code);
        Assert.StartsWith($"{field}:", failure!.Message, StringComparison.Ordinal);
    }

    private static ChildIdentityCard Card(DateOnly dateOfBirth) =>
        new("part-1", "001226900000", "Nguyễn Minh Khang", dateOfBirth, "Nam", "125/2026", "001195012346", "Số 5 Hàng Bài, Phường Hoàn Kiếm, Hà Nội");
}
