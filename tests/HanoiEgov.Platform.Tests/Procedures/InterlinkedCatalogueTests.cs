using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Platform.Tests.Procedures;

[Trait("Category", "Unit")]
public sealed class InterlinkedCatalogueTests
{
    private static readonly ProcedureCatalogue Catalogue = ProcedureCatalogue.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    [InlineData("2.000986", "birth", "1.001193", "residence", "health-insurance")]
    [InlineData("2.002622", "death", "1.000656", "residence-removal", "funeral-allowance")]
    public void Each_group_starts_with_the_communes_civil_status_part_and_its_two_other_parts_follow_it(
        string group, string first, string firstProcedure, string second, string third)
    {
        var parts = Catalogue.Find(group)!.VersionOn(Today)!.Parts!;

        Assert.Equal([first, second, third], parts.Select(part => part.Key));
        Assert.Equal((PartDeciders.Commune, firstProcedure), (parts[0].DecidedBy, parts[0].ProcedureCode));
        Assert.Equal([PartDeciders.ResidenceRegistry, PartDeciders.SocialInsurance], parts.Skip(1).Select(part => part.DecidedBy));
        Assert.All(parts.Skip(1), part => Assert.Equal([first], part.After));
    }

    [Theory]
    [InlineData("2.000986")]
    [InlineData("2.002622")]
    public void A_groups_documents_are_those_its_civil_status_part_asks_for(string group)
    {
        var version = Catalogue.Find(group)!.VersionOn(Today)!;
        var first = Catalogue.Find(version.Parts![0].ProcedureCode)!.VersionOn(Today)!;

        Assert.Equal(first.RequiredDocuments.Select(document => document.Code).Order(), version.RequiredDocuments.Select(document => document.Code).Order());
    }

    [Fact]
    public void The_birth_group_takes_at_most_3_working_days_its_birth_part_the_same_day_and_residence_and_card_2_days_each()
    {
        var version = Catalogue.Find("2.000986")!.VersionOn(Today)!;

        Assert.Equal(3, version.Processing.WorkingDays);
        Assert.True(version.Parts![0].Processing.SameDay);
        Assert.Equal([2, 2], version.Parts.Skip(1).Select(part => part.Processing.WorkingDays!.Value));
    }

    [Theory]
    [InlineData("2.000986")]
    [InlineData("2.002622")]
    public void Every_time_limit_of_a_group_cites_its_legal_basis_and_says_whether_it_was_checked_against_the_text(string group)
    {
        var version = Catalogue.Find(group)!.VersionOn(Today)!;

        Assert.All(version.Parts!.Select(part => part.Processing).Prepend(version.Processing), processing =>
        {
            Assert.False(string.IsNullOrWhiteSpace(processing.Basis));
            Assert.NotNull(processing.BasisChecked);
        });
    }

    [Fact]
    public void An_ordinary_procedure_has_no_parts() =>
        Assert.False(Catalogue.Find("1.004222")!.VersionOn(Today)!.IsInterlinked);
}
