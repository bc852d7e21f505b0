using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// What an event's hash covers: every field, unambiguously since version 2, as the event's canonical JSON since
/// version 3; older versions only for the events they sealed.
/// </summary>
[Trait("Category", "Unit")]
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
    public void New_events_are_sealed_with_version_3_and_an_event_keeps_verifying_with_the_version_it_was_sealed_with()
    {
        var sealedNow = DossierEvent.Seal(Dossier, 2, new DossierRefused(), DossierStatus.Refused, Clerk, "counter", "no", At, DossierEvent.Genesis);
        var old = Seal(channel: "counter", reason: "no", hashVersion: 1);
        var beforeTypedEvents = Seal(channel: "counter", reason: "no", hashVersion: 2);

        Assert.Equal(3, sealedNow.HashVersion);
        Assert.Equal(old.Hash, old.ComputeHash());
        Assert.Equal(beforeTypedEvents.Hash, beforeTypedEvents.ComputeHash());
        Assert.NotEqual(old.Hash, (old with { HashVersion = 2 }).ComputeHash());
        Assert.NotEqual(beforeTypedEvents.Hash, (beforeTypedEvents with { HashVersion = 3 }).ComputeHash());
    }

    [Fact]
    public void Version_3_seals_the_canonical_json_of_the_event_with_its_payload_as_the_one_serializer_wrote_it()
    {
        var extended = DossierEvent.Seal(Dossier, 4, new DeadlineExtended(At.AddDays(9), At.AddDays(7)), DossierStatus.Processing, Clerk, "online",
            "Cần xác minh thêm", At, DossierEvent.Genesis);

        Assert.Equal("""{"dueAt":"2026-12-09T09:00:00+07:00","previousDueAt":"2026-12-07T09:00:00+07:00"}""", extended.Data);
        Assert.Equal(
            """{"dossierId":"0196a3b2-0000-7000-8000-0000000000aa","version":4,"action":"ExtendDeadline","status":4,"actor":{"userId":"clerk-1","role":"one-stop-clerk","agency":"00004"},"channel":"online","reason":"C\u1EA7n x\u00E1c minh th\u00EAm","recordedAt":"2026-11-30T02:00:00+00:00","data":"{\u0022dueAt\u0022:\u00222026-12-09T09:00:00\u002B07:00\u0022,\u0022previousDueAt\u0022:\u00222026-12-07T09:00:00\u002B07:00\u0022}"}""",
            System.Text.Encoding.UTF8.GetString(DossierEventJson.Canonical(extended)));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([.. DossierEvent.Genesis, .. DossierEventJson.Canonical(extended)]), extended.Hash);
        Assert.Equal(new DeadlineExtended(At.AddDays(9), At.AddDays(7)), extended.Payload);
    }

    [Fact]
    public void A_version_3_event_whose_stored_data_was_rewritten_to_the_same_meaning_no_longer_verifies()
    {
        var assigned = DossierEvent.Seal(Dossier, 1, new DossierAssigned("official-1", "Ngô Thị Mai"), DossierStatus.Processing, Clerk, "online", null, At, DossierEvent.Genesis);
        var respaced = assigned with { Data = assigned.Data!.Replace(",", ", ", StringComparison.Ordinal) };

        var report = DossierChain.Verify(Dossier, [respaced], 1, assigned.Hash);

        Assert.Equal(assigned.Payload, respaced.Payload);
        Assert.Contains(report.Problems, problem => problem.Version == 1 && problem.Problem.Contains("altered", StringComparison.Ordinal));
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
