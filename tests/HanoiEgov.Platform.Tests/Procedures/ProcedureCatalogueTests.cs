using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Platform.Tests.Procedures;

[Trait("Category", "Unit")]
public sealed class ProcedureCatalogueTests
{
    private static readonly ProcedureCatalogue Catalogue = ProcedureCatalogue.LoadEmbedded();

    [Theory]
    [InlineData("1.001193")]
    [InlineData("1.004222")]
    [InlineData("1.004194")]
    [InlineData("2.000986")]
    [InlineData("1.000656")]
    [InlineData("2.002622")]
    [InlineData("3.000722")]
    [InlineData("2.002913")]
    [InlineData("1.000894")]
    public void The_sample_procedures_ship_with_their_national_codes(string code) =>
        Assert.NotNull(Catalogue.Find(code));

    [Fact]
    public void Birth_registration_is_same_day_with_a_15_00_cut_off()
    {
        var version = Catalogue.Find("1.001193")!.VersionOn(new DateOnly(2025, 8, 1))!;

        Assert.True(version.Processing.SameDay);
        Assert.Equal(new TimeOnly(15, 0), version.Processing.CutOff);
    }

    [Fact]
    public void Permanent_residence_takes_7_working_days_and_its_online_fee_is_0_in_Hanoi_from_2026()
    {
        var procedure = Catalogue.Find("1.004222")!;
        var before = procedure.VersionOn(new DateOnly(2025, 12, 31))!;
        var after = procedure.VersionOn(new DateOnly(2026, 1, 1))!;

        Assert.Equal(7, before.Processing.WorkingDays);
        Assert.Equal((20_000, 10_000), (before.TotalFee(online: false), before.TotalFee(online: true)));
        Assert.Equal((20_000, 0), (after.TotalFee(online: false), after.TotalFee(online: true)));
        Assert.Equal((1, 2), (before.Version, after.Version));
    }

    [Fact]
    public void The_interlinked_child_procedure_takes_at_most_3_working_days() =>
        Assert.InRange(Catalogue.Find("2.000986")!.VersionOn(new DateOnly(2026, 1, 1))!.Processing.WorkingDays!.Value, 1, 3);

    [Fact]
    public void A_procedure_has_no_version_before_it_took_effect() =>
        Assert.Null(Catalogue.Find("1.001193")!.VersionOn(new DateOnly(2025, 6, 30)));
}
