using System.Text.Json;
using HanoiEgov.PortalShell.Declarations;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>The death form's survivors' inputs, as the portal turns them into the platform's <c>survivors</c>.</summary>
[Trait("Category", "Unit")]
public sealed class DeathFieldsTests
{
    [Fact]
    public void The_form_offers_exactly_the_relationships_the_platform_accepts_in_its_order()
    {
        Assert.Equal(SurvivorRelationships.All, DeathFields.Relationships);
    }

    [Fact]
    public void Without_a_chosen_form_no_survivors_are_sent_whatever_the_rows_hold()
    {
        var fields = new DeathFields(SurvivorForm: " ", Relative1Id: "001318157030", Relative1Name: "Lê Ngọc Vân");

        Assert.Null(fields.SurvivorsClaim());
        Assert.False(fields.Declaration().ContainsKey("survivors"));
    }

    [Fact]
    public void The_rows_are_sent_up_to_the_last_with_anything_typed_so_each_platform_index_is_its_row()
    {
        var fields = new DeathFields(SurvivorForm: "lump-sum", Relative1Id: " 001318157030 ", Relative1Name: "Lê Ngọc Vân", Relative1Relationship: "Con",
            Relative1Birth: "2018-04-26", Relative3Name: "Đỗ Anh Thắng");

        var sent = JsonSerializer.SerializeToElement(fields.SurvivorsClaim());

        Assert.Equal("lump-sum", sent.GetProperty("form").GetString());
        var relatives = sent.GetProperty("relatives").EnumerateArray().ToList();
        Assert.Equal(3, relatives.Count);
        Assert.Equal("001318157030", relatives[0].GetProperty("personalId").GetString());
        Assert.Equal("2018-04-26", relatives[0].GetProperty("dateOfBirth").GetString());
        Assert.Equal(JsonValueKind.Null, relatives[1].GetProperty("fullName").ValueKind);
        Assert.Equal("Đỗ Anh Thắng", relatives[2].GetProperty("fullName").GetString());
        foreach (var field in new[] { "personalId", "fullName", "relationship", "dateOfBirth" })
        {
            Assert.Equal($"relative-3-{(field == "personalId" ? "id" : field == "fullName" ? "name" : field == "dateOfBirth" ? "birth" : field)}",
                DeathFields.Group.Inputs[$"survivors.relatives[2].{field}"]);
        }
    }

    [Fact]
    public void A_blank_row_between_typed_ones_is_dropped_and_the_rows_after_it_move_up_so_the_second_relative_sent_is_the_row_shown_second()
    {
        var fields = new DeathFields(SurvivorForm: "monthly", Relative1Id: "001318157030", Relative2Id: " ", Relative3Id: "001216013661", Relative3Name: "Đỗ Anh Thắng");

        var tidied = fields.Tidied();
        var relatives = JsonSerializer.SerializeToElement(tidied.SurvivorsClaim()).GetProperty("relatives").EnumerateArray().ToList();

        Assert.Equal(2, relatives.Count);
        Assert.Equal("001216013661", relatives[1].GetProperty("personalId").GetString());
        Assert.Equal(("001216013661", "Đỗ Anh Thắng"), (tidied.Relative2Id, tidied.Relative2Name));
        Assert.Null(tidied.Relative3Id);
        Assert.Equal("monthly", tidied.SurvivorForm);
    }

    [Fact]
    public void A_correction_starts_from_the_claim_the_part_was_sent_with_unless_it_names_more_relatives_than_the_form_has_rows()
    {
        var relative = new SentRelative("001318157030", "Lê Ngọc Vân", "Con", new DateOnly(2018, 4, 26));

        var shown = DeathFields.Of(new SentSurvivors("lump-sum", [relative]))!;

        Assert.Equal(("lump-sum", "001318157030", "Lê Ngọc Vân", "Con", "2018-04-26"),
            (shown.SurvivorForm, shown.Relative1Id, shown.Relative1Name, shown.Relative1Relationship, shown.Relative1Birth));
        Assert.Null(shown.Relative2Id);
        Assert.Same(DeathFields.Empty, DeathFields.Of(null));
        Assert.Null(DeathFields.Of(new SentSurvivors("monthly", [.. Enumerable.Repeat(relative, DeathFields.RelativeRows + 1)])));
    }
}
