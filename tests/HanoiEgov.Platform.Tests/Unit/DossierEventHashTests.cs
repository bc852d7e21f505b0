using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;

namespace HanoiEgov.Platform.Tests.Unit;

/// <summary>What an event's hash covers: every field, unambiguously since version 2; version 1 only for the events it sealed.</summary>
public sealed class DossierEventHashTests
{
    private static readonly Guid Dossier = Guid.Parse("0196a3b2-0000-7000-8000-0000000000aa");
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Two_events_differing_only_in_where_the_old_separator_sits_hash_differently()
    {
        var reasonHoldsIt = Seal(channel: "counter", reason: "quầy 3\u001fthiếu giấy tờ", hashVersion: DossierEvent.CurrentHashVersion);
        var channelHoldsIt = Seal(channel: "counter\u001fquầy 3", reason: "thiếu giấy tờ", hashVersion: DossierEvent.CurrentHashVersion);

        Assert.NotEqual(reasonHoldsIt.Hash, channelHoldsIt.Hash);
    }

    [Fact]
    public void Version_1_let_a_separator_inside_the_reason_make_two_different_events_hash_alike()
    {
        var reasonHoldsIt = Seal(channel: "counter", reason: "quầy 3\u001fthiếu giấy tờ", hashVersion: 1);
        var channelHoldsIt = Seal(channel: "counter\u001fquầy 3", reason: "thiếu giấy tờ", hashVersion: 1);

        Assert.Equal(reasonHoldsIt.Hash, channelHoldsIt.Hash);
    }

    [Fact]
    public void A_missing_reason_and_an_empty_one_hash_differently_in_version_2()
    {
        Assert.NotEqual(Seal(channel: "counter", reason: null, hashVersion: 2).Hash, Seal(channel: "counter", reason: "", hashVersion: 2).Hash);
    }

    [Fact]
    public void New_events_are_sealed_with_version_2_and_an_event_keeps_verifying_with_the_version_it_was_sealed_with()
    {
        var sealedNow = DossierEvent.Seal(Dossier, 2, DossierAction.Refuse, DossierStatus.Refused, Clerk, "counter", "no", At, null, DossierEvent.Genesis);
        var old = Seal(channel: "counter", reason: "no", hashVersion: 1);

        Assert.Equal(2, sealedNow.HashVersion);
        Assert.Equal(old.Hash, old.ComputeHash());
        Assert.NotEqual(old.Hash, (old with { HashVersion = 2 }).ComputeHash());
    }

    [Fact]
    public void An_event_claiming_an_unknown_hash_version_is_reported_as_altered_not_a_failure()
    {
        var first = Seal(channel: "counter", reason: null, hashVersion: 2) with { Version = 1 };
        first = first with { Hash = first.ComputeHash() };

        var report = DossierChain.Verify(Dossier, [first with { HashVersion = 7 }], 1, first.Hash);

        var problem = Assert.Single(report.Problems);
        Assert.Contains("hash version 7", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_event_after_a_version_2_one_is_reported_even_with_a_consistent_hash()
    {
        var first = DossierEvent.Seal(Dossier, 1, DossierAction.RegisterAtCounter, DossierStatus.Received, Clerk, "counter", null, At, null, DossierEvent.Genesis);
        var downgraded = DossierEvent.Seal(Dossier, 2, DossierAction.Refuse, DossierStatus.Refused, Clerk, "counter", "no", At, null, first.Hash, hashVersion: 1);

        var report = DossierChain.Verify(Dossier, [first, downgraded], 2, downgraded.Hash);

        Assert.False(report.Intact);
        Assert.Contains(report.Problems, problem => problem.Version == 2 && problem.Problem.Contains("hash version 1 after", StringComparison.Ordinal));
    }

    private static DossierEvent Seal(string channel, string? reason, int hashVersion) =>
        DossierEvent.Seal(Dossier, 2, DossierAction.Refuse, DossierStatus.Refused, Clerk, channel, reason, At, null, DossierEvent.Genesis, hashVersion);
}
