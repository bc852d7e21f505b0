using HanoiEgov.Modules.Dossiers.Interlinked;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>What each part of an interlinked dossier is sent with, of what a correction can change: the declaration's, or the last correction's in its place.</summary>
[Trait("Category", "Unit")]
public sealed class PartCorrectionsTests
{
    private static readonly BirthDeclaration Birth = new("Pham Minh Chau", new DateOnly(2026, 11, 20), "Nam", "Benh vien Phu san Ha Noi",
        new DeclaredPerson("001195012346", "Tran Thi Binh"), null, "001090012345", "So 12 Doi Can");

    private static readonly SurvivorDeclaration Declared = new("monthly", [new SurvivingRelative("001318099999", "Ngo Thi Hoa", "Con", new DateOnly(2018, 6, 1))]);

    [Fact]
    public void A_residence_corrected_in_its_address_alone_keeps_the_declared_householder_and_the_card_is_delivered_to_the_corrected_address()
    {
        var dossier = Dossier(new InterlinkedDeclaration(Birth, null), Part("residence", new PartCorrection(Address: "So 1 Kim Ma")), Part("health-insurance"), Part("identity-card"));

        Assert.Equal(new PartCorrection("001090012345", "So 1 Kim Ma"), dossier.SentWith(dossier.Part("residence")));
        Assert.Equal(new PartCorrection(Address: "So 1 Kim Ma"), dossier.SentWith(dossier.Part("health-insurance")));
        Assert.Equal(new PartCorrection(), dossier.SentWith(dossier.Part("identity-card")));
    }

    [Fact]
    public void A_card_corrected_in_its_own_delivery_address_is_sent_there_and_the_residence_keeps_the_declared_one()
    {
        var dossier = Dossier(new InterlinkedDeclaration(Birth, null), Part("residence"), Part("health-insurance", new PartCorrection(Address: "So 3 Hang Bai")));

        Assert.Equal("So 3 Hang Bai", dossier.SentWith(dossier.Part("health-insurance")).Address);
        Assert.Equal("So 12 Doi Can", dossier.SentWith(dossier.Part("residence")).Address);
    }

    [Fact]
    public void A_funeral_allowance_is_sent_with_the_declared_claim_the_corrected_one_in_its_place_or_none_once_withdrawn()
    {
        var corrected = Declared with { Form = "lump-sum" };
        var death = new InterlinkedDeclaration(null, new DeathDeclaration(new DeclaredPerson("001061521665", "Ngo Quoc Tuan"), new DateOnly(2026, 11, 30), "Nha rieng", "Con", Declared));

        Assert.Same(Declared, SentSurvivors(death, null));
        Assert.Same(corrected, SentSurvivors(death, new PartCorrection(Survivors: corrected)));
        Assert.Null(SentSurvivors(death, new PartCorrection(SurvivorsWithdrawn: true)));
        Assert.Equal(["survivors", "withdrawSurvivors"], PartCorrections.Takes("funeral-allowance"));
        Assert.Empty(PartCorrections.Takes("residence-removal"));
    }

    private static SurvivorDeclaration? SentSurvivors(InterlinkedDeclaration death, PartCorrection? correction)
    {
        var dossier = Dossier(death, Part("residence-removal"), Part("funeral-allowance", correction));
        return dossier.SentWith(dossier.Part("funeral-allowance")).Survivors;
    }

    private static PartSnapshot Part(string key, PartCorrection? correction = null) =>
        new(key, key, "0.000000", "social-insurance", correction is null ? 1 : 2, Guid.NewGuid(), PartState.Started, Correction: correction);

    private static InterlinkedSnapshot Dossier(InterlinkedDeclaration declaration, params PartSnapshot[] parts) => new(
        Guid.NewGuid(), "00004-261201-0001", "3.000722", 1, "00004", "001195012346", "Tran Thi Binh", "online", parts.Length + 1,
        new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero), declaration, parts);
}
