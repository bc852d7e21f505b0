using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Interlinked;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The rule that gives an interlinked dossier its national status from its parts.</summary>
[Trait("Category", "Unit")]
public sealed class InterlinkedStatusTests
{
    private static InterlinkedSnapshot Whole(PartState residence, PartState insurance, bool completed = false)
    {
        var id = Guid.NewGuid();
        PartSnapshot Part(string key, PartState state) => new(key, key, "x", "y", 1, PartIds.Of(id, key, 1), state);
        return new InterlinkedSnapshot(id, "00004-261201-0001", "2.000986", 1, "00004", "001090012345", "Nguyễn Thị Lan", "online", 3,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), new InterlinkedDeclaration(null, null),
            [Part("birth", PartState.Started), Part("residence", residence), Part("health-insurance", insurance)], Completed: completed);
    }

    [Theory]
    [InlineData(DossierStatus.NewlyRegistered, DossierStatus.NewlyRegistered)]
    [InlineData(DossierStatus.Received, DossierStatus.Received)]
    [InlineData(DossierStatus.Processing, DossierStatus.Processing)]
    [InlineData(DossierStatus.SupplementRequested, DossierStatus.SupplementRequested)]
    [InlineData(DossierStatus.Processed, DossierStatus.Processing)]
    public void While_no_other_part_is_decided_the_whole_follows_its_civil_status_part_until_that_part_is_in_processing(DossierStatus part, DossierStatus whole) =>
        Assert.Equal(whole, InterlinkedStatus.Of(Whole(PartState.Planned, PartState.Planned), part));

    [Theory]
    [InlineData(DossierStatus.Refused)]
    [InlineData(DossierStatus.ProcessingStopped)]
    [InlineData(DossierStatus.Withdrawn)]
    public void A_refused_stopped_or_withdrawn_civil_status_part_gives_the_whole_its_status_and_ends_it(DossierStatus part)
    {
        Assert.Equal(part, InterlinkedStatus.Of(Whole(PartState.Planned, PartState.Planned), part));
        Assert.True(InterlinkedStatus.Ended(part));
    }

    [Fact]
    public void A_refused_external_part_asks_the_applicant_for_a_correction() =>
        Assert.Equal(DossierStatus.SupplementRequested, InterlinkedStatus.Of(Whole(PartState.Refused, PartState.Approved), DossierStatus.Processed));

    [Fact]
    public void One_part_still_waiting_keeps_the_whole_in_processing() =>
        Assert.Equal(DossierStatus.Processing, InterlinkedStatus.Of(Whole(PartState.Approved, PartState.Started), DossierStatus.Processed));

    [Fact]
    public void Every_part_with_its_result_returns_the_whole() =>
        Assert.Equal(DossierStatus.ResultReturned, InterlinkedStatus.Of(Whole(PartState.Approved, PartState.Approved, completed: true), DossierStatus.Processed));

    [Fact]
    public void A_parts_id_is_the_same_for_the_same_dossier_part_and_attempt_and_differs_for_a_new_attempt()
    {
        var parent = Guid.NewGuid();

        Assert.Equal(PartIds.Of(parent, "residence", 1), PartIds.Of(parent, "residence", 1));
        Assert.NotEqual(PartIds.Of(parent, "residence", 1), PartIds.Of(parent, "residence", 2));
        Assert.NotEqual(PartIds.Of(parent, "residence", 1), PartIds.Of(parent, "health-insurance", 1));
    }
}
