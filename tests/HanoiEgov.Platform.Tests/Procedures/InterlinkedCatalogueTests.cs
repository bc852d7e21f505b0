using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Platform.Tests.Procedures;

[Trait("Category", "Unit")]
public sealed class InterlinkedCatalogueTests
{
    private static readonly ProcedureCatalogue Catalogue = ProcedureCatalogue.LoadEmbedded();
    private static readonly DateOnly Today = new(2026, 12, 1);

    /// <summary>The last day of the Decree 63/2024 groups: Decree 301/2026 replaces them from 1 September 2026.</summary>
    private static readonly DateOnly BeforeDecree301 = new(2026, 8, 31);

    private static readonly DateOnly Decree301 = new(2026, 9, 1);

    [Theory]
    [InlineData("2.000986", "2026-08-31", "birth", "1.001193", "residence,health-insurance")]
    [InlineData("2.002622", "2026-08-31", "death", "1.000656", "residence-removal,funeral-allowance")]
    [InlineData("3.000722", "2026-12-01", "birth", "1.001193", "residence,health-insurance,identity-card")]
    [InlineData("2.002913", "2026-12-01", "death", "1.000656", "residence-removal,funeral-allowance")]
    public void Each_group_starts_with_the_communes_civil_status_part_and_the_other_parts_follow_it(
        string group, string day, string first, string firstProcedure, string others)
    {
        var parts = Catalogue.Find(group)!.VersionOn(Day(day))!.Parts!;

        Assert.Equal([first, .. others.Split(',')], parts.Select(part => part.Key));
        Assert.Equal((PartDeciders.Commune, firstProcedure), (parts[0].DecidedBy, parts[0].ProcedureCode));
        Assert.All(parts.Skip(1), part => Assert.Equal(first, part.After[0]));
        Assert.All(parts, part => Assert.Equal(PartKeys.DecidedBy[part.Key], part.DecidedBy));
    }

    [Theory]
    [InlineData("2.000986", "2026-08-31")]
    [InlineData("2.002622", "2026-08-31")]
    [InlineData("3.000722", "2026-12-01")]
    [InlineData("2.002913", "2026-12-01")]
    public void A_groups_documents_are_those_its_civil_status_part_asks_for(string group, string day)
    {
        var version = Catalogue.Find(group)!.VersionOn(Day(day))!;
        var first = Catalogue.Find(version.Parts![0].ProcedureCode)!.VersionOn(Day(day))!;

        Assert.Equal(first.RequiredDocuments.Select(document => document.Code).Order(), version.RequiredDocuments.Select(document => document.Code).Order());
    }

    [Fact]
    public void The_Decree_63_birth_group_takes_at_most_3_working_days_its_birth_part_the_same_day_and_residence_and_card_2_days_each()
    {
        var version = Catalogue.Find("2.000986")!.VersionOn(BeforeDecree301)!;

        Assert.Equal(3, version.Processing.WorkingDays);
        Assert.True(version.Parts![0].Processing.SameDay);
        Assert.Equal([2, 2], version.Parts.Skip(1).Select(part => part.Processing.WorkingDays!.Value));
    }

    [Fact]
    public void The_Decree_301_birth_group_adds_the_polices_identity_card_after_residence_within_the_same_3_working_days()
    {
        var version = Catalogue.Find("3.000722")!.VersionOn(Today)!;
        var card = version.Parts!.Single(part => part.Key == PartKeys.IdentityCard);

        Assert.Equal((3, new TimeOnly(15, 0)), (version.Processing.WorkingDays!.Value, version.Processing.CutOff!.Value));
        Assert.Equal(PartDeciders.IdentityCardRegistry, card.DecidedBy);
        Assert.Equal(["birth", "residence"], card.After);

        // Birth the same day, then the residence's 2 days, then the card's: the longest chain fits the group's limit.
        var residence = version.Parts!.Single(part => part.Key == PartKeys.Residence).Processing.WorkingDays!.Value;
        Assert.True(residence + card.Processing.WorkingDays!.Value <= version.Processing.WorkingDays.Value);
    }

    [Theory]
    [InlineData("2.000986", "3.000722")]
    [InlineData("2.002622", "2.002913")]
    public void A_Decree_63_group_takes_no_dossiers_from_1_September_2026_and_names_the_group_that_replaced_it(string old, string replacement)
    {
        var procedure = Catalogue.Find(old)!;

        Assert.NotNull(procedure.VersionOn(BeforeDecree301));
        Assert.Null(procedure.VersionOn(Decree301));
        Assert.Null(procedure.VersionOn(Today));
        Assert.Equal((Decree301, replacement), (procedure.RetiredFrom!.Value, procedure.ReplacedBy!));
        Assert.Contains($"replaced by {replacement} from 2026-09-01", procedure.NotInForceReason(Today), StringComparison.Ordinal);
        Assert.Null(procedure.NotInForceReason(BeforeDecree301));

        // A dossier received before keeps its version: the catalogue still holds it.
        Assert.Single(procedure.Versions);
    }

    [Theory]
    [InlineData("1.001193", "2026-08-31", "2.000986")]
    [InlineData("1.001193", "2026-09-01", "3.000722")]
    [InlineData("1.000656", "2026-08-31", "2.002622")]
    [InlineData("1.000656", "2026-12-01", "2.002913")]
    public void A_declaration_finds_the_one_group_in_force_on_its_day_by_its_civil_status_part(string firstPart, string day, string group) =>
        Assert.Equal(group, Catalogue.InterlinkedStartingWith(firstPart, Day(day))?.Code);

    [Fact]
    public void No_interlinked_group_is_in_force_before_the_catalogue_begins() =>
        Assert.Null(Catalogue.InterlinkedStartingWith("1.001193", new DateOnly(2025, 6, 30)));

    [Theory]
    [InlineData("2.000986", "2026-08-31")]
    [InlineData("2.002622", "2026-08-31")]
    [InlineData("3.000722", "2026-12-01")]
    [InlineData("2.002913", "2026-12-01")]
    public void Every_time_limit_of_a_group_cites_its_legal_basis_and_says_whether_it_was_checked_against_the_text(string group, string day)
    {
        var version = Catalogue.Find(group)!.VersionOn(Day(day))!;

        Assert.All(version.Parts!.Select(part => part.Processing).Prepend(version.Processing), processing =>
        {
            Assert.False(string.IsNullOrWhiteSpace(processing.Basis));
            Assert.NotNull(processing.BasisChecked);
        });
    }

    [Fact]
    public void An_ordinary_procedure_has_no_parts() =>
        Assert.False(Catalogue.Find("1.004222")!.VersionOn(Today)!.IsInterlinked);

    private static DateOnly Day(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

[Trait("Category", "Unit")]
public sealed class CatalogueRetirementRulesTests
{
    private const string Ordinary = """
        { "version": 1, "effectiveFrom": "2025-07-01", "serviceLevel": "full-online", "processing": { "workingDays": 2 }, "fees": [],
          "requiredDocuments": [], "steps": [], "legalBasis": [] }
        """;

    [Fact]
    public void A_procedure_replaced_by_a_code_the_catalogue_does_not_hold_is_refused_at_start_up()
    {
        var refused = Assert.Throws<InvalidDataException>(() => Load(Procedure("1.000001", Ordinary, """ "retiredFrom": "2026-09-01", "replacedBy": "9.999999" """)));

        Assert.Contains("replaced by 9.999999 from 2026-09-01, which is not in force that day", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_procedure_retired_before_one_of_its_versions_takes_effect_is_refused_at_start_up()
    {
        var refused = Assert.Throws<InvalidDataException>(() => Load(Procedure("1.000001", Ordinary, """ "retiredFrom": "2025-07-01" """)));

        Assert.Contains("retired from 2025-07-01 but has a version taking effect on or after that day", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replacement_without_a_retirement_day_is_refused_at_start_up()
    {
        var refused = Assert.Throws<InvalidDataException>(() => Load(Procedure("1.000001", Ordinary, """ "replacedBy": "1.000002" """), Procedure("1.000002", Ordinary)));

        Assert.Contains("has no retiredFrom day", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retired_procedure_keeps_its_versions_and_its_successor_takes_its_dossiers_from_the_day()
    {
        var catalogue = Load(Procedure("1.000001", Ordinary, """ "retiredFrom": "2026-09-01", "replacedBy": "1.000002" """), Procedure("1.000002", Ordinary));
        var old = catalogue.Find("1.000001")!;

        Assert.NotNull(old.VersionOn(new DateOnly(2026, 8, 31)));
        Assert.Null(old.VersionOn(new DateOnly(2026, 9, 1)));
        Assert.Equal("Procedure 1.000001 was replaced by 1.000002 from 2026-09-01; submit under 1.000002.", old.NotInForceReason(new DateOnly(2026, 9, 1)));
        Assert.NotNull(catalogue.Find("1.000002")!.VersionOn(new DateOnly(2026, 9, 1)));
    }

    private static string Procedure(string code, string version, string retirement = "") => $$"""
        { "code": "{{code}}", "name": "Thủ tục {{code}}", "nameEn": "Procedure {{code}}", "field": "Thử", "agencyLevel": "commune",
          {{(retirement.Length > 0 ? retirement + "," : "")}} "versions": [{{version}}] }
        """;

    private static ProcedureCatalogue Load(params string[] procedures)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{ "procedures": [{{string.Join(",", procedures)}}] }"""));
        return ProcedureCatalogue.Load(stream);
    }
}
