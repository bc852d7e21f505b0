using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Interlinked;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>An interlinked event's stored JSON, which its hash covers: a field added to the declaration must leave the events written before it as they were.</summary>
[Trait("Category", "Unit")]
public sealed class InterlinkedEventJsonTests
{
    // A death submitted before the survivors' claim existed, as the platform stored it (ASCII names keep the bytes readable).
    private const string StoredBeforeSurvivors =
        """{"kind":"submitted","code":"00004-261201-0001","groupCode":"2.002913","groupVersion":1,"agency":"00004","applicantId":"001090012345","applicantName":"Nguyen Van An","channel":"online","dueAt":"2026-12-24T10:00:00+00:00","declaration":{"death":{"deceased":{"personalId":"001061521665","fullName":"Ngo Quoc Tuan"},"dateOfDeath":"2026-11-30","placeOfDeath":"Benh vien Bach Mai","relationship":"Con"}}}""";

    // A residence part resubmitted before a correction could carry the survivors' claim.
    private const string ResubmittedBeforeSurvivors =
        """{"kind":"part-resubmitted","key":"residence","attempt":2,"partId":"6f1c2b8e-4d0a-4c53-9a57-0c1e2f3a4b5c","correction":{"householderPersonalId":"001090012345"}}""";

    private static readonly DateTimeOffset RecordedAt = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    private static InterlinkedSubmitted Death(SurvivorDeclaration? survivors) => new(
        "00004-261201-0001", "2.002913", 1, "00004", "001090012345", "Nguyen Van An", "online", new DateTimeOffset(2026, 12, 24, 10, 0, 0, TimeSpan.Zero),
        new InterlinkedDeclaration(null, new DeathDeclaration(new DeclaredPerson("001061521665", "Ngo Quoc Tuan"), new DateOnly(2026, 11, 30), "Benh vien Bach Mai", "Con",
            survivors)));

    [Fact]
    public void A_death_declared_without_survivors_is_written_in_the_bytes_it_had_before_the_claim_existed_and_its_stored_event_still_verifies()
    {
        var id = Guid.NewGuid();
        var stored = new InterlinkedEvent(id, 1, "001090012345", "citizen", RecordedAt, StoredBeforeSurvivors, InterlinkedEvent.Genesis, []);
        stored = stored with { Hash = stored.ComputeHash() };

        var written = InterlinkedEvent.Seal(id, 1, Death(null), new Actor("001090012345", "citizen", null), RecordedAt, InterlinkedEvent.Genesis);
        var read = Assert.IsType<InterlinkedSubmitted>(stored.Payload);

        Assert.Equal(StoredBeforeSurvivors, written.Data);
        Assert.Equal(stored.Hash, written.Hash);
        Assert.Null(read.Declaration.Death!.Survivors);
        Assert.Equal(StoredBeforeSurvivors, InterlinkedEventJson.Write(read));
    }

    [Fact]
    public void A_death_declared_with_survivors_reads_back_with_every_relative()
    {
        var survivors = new SurvivorDeclaration("monthly",
            [new SurvivingRelative("001318157030", "Le Ngoc Van", "Con", new DateOnly(2018, 4, 26)), new SurvivingRelative("001216013661", "Do Anh Thang", "Con", new DateOnly(2016, 2, 3))]);

        var read = Assert.IsType<InterlinkedSubmitted>(InterlinkedEventJson.Read(InterlinkedEventJson.Write(Death(survivors)))).Declaration.Death!.Survivors!;

        Assert.Equal("monthly", read.Form);
        Assert.Equal(survivors.Relatives, read.Relatives);
        Assert.Equal(survivors.Claim(), read.Claim());
    }

    [Fact]
    public void A_resubmission_correcting_no_survivors_is_written_in_the_bytes_it_had_before_a_correction_could_carry_them()
    {
        var resubmitted = new PartResubmitted("residence", 2, Guid.Parse("6f1c2b8e-4d0a-4c53-9a57-0c1e2f3a4b5c"), new PartCorrection("001090012345"));

        Assert.Equal(ResubmittedBeforeSurvivors, InterlinkedEventJson.Write(resubmitted));
        Assert.Equal(resubmitted, InterlinkedEventJson.Read(ResubmittedBeforeSurvivors));
    }

    [Fact]
    public void A_funeral_allowance_resubmitted_with_the_survivors_claim_corrected_reads_back_with_the_corrected_claim()
    {
        var corrected = new SurvivorDeclaration("lump-sum", [new SurvivingRelative("001318157030", "Le Ngoc Van", "Con", new DateOnly(2018, 4, 26))]);
        var resubmitted = new PartResubmitted("funeral-allowance", 2, Guid.NewGuid(), new PartCorrection(Survivors: corrected));

        var read = Assert.IsType<PartResubmitted>(InterlinkedEventJson.Read(InterlinkedEventJson.Write(resubmitted)));

        Assert.Equal(corrected.Claim(), read.Correction.Survivors!.Claim());
        Assert.Null(read.Correction.HouseholderPersonalId);
    }

    [Fact]
    public void A_funeral_allowance_resubmitted_with_the_survivors_claim_withdrawn_reads_back_withdrawn()
    {
        var resubmitted = new PartResubmitted("funeral-allowance", 2, Guid.Parse("6f1c2b8e-4d0a-4c53-9a57-0c1e2f3a4b5c"), new PartCorrection(SurvivorsWithdrawn: true));

        var written = InterlinkedEventJson.Write(resubmitted);

        Assert.Contains("\"correction\":{\"survivorsWithdrawn\":true}", written, StringComparison.Ordinal);
        Assert.Equal(resubmitted, InterlinkedEventJson.Read(written));
    }
}
