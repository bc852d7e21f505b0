using HanoiEgov.Modules.Dossiers.Anchoring;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>Checks a dossier's stored events: contiguous versions, each hash recomputed in the encoding it names, each linked to the one before.</summary>
internal static class DossierChain
{
    public static ChainReport Verify(Guid dossierId, IReadOnlyList<DossierEvent> events, int headVersion, byte[] headHash)
    {
        var problems = new List<ChainProblem>();
        var previous = DossierEvent.Genesis;
        var expectedVersion = 1;
        var hashVersion = 1;
        foreach (var entry in events)
        {
            if (entry.Version != expectedVersion)
            {
                problems.Add(new ChainProblem(expectedVersion, $"Event {expectedVersion} is missing; the next stored event is {entry.Version}."));
            }

            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                problems.Add(new ChainProblem(entry.Version, "It does not link to the event stored before it."));
            }

            if (!DossierEvent.KnowsHashVersion(entry.HashVersion))
            {
                problems.Add(new ChainProblem(entry.Version, $"Its hash version {entry.HashVersion} is not one the platform writes; it was altered after it was recorded."));
            }
            else if (entry.HashVersion < hashVersion)
            {
                // Version 2 replaced version 1 for good: going back would reopen the ambiguity it closed.
                problems.Add(new ChainProblem(entry.Version, $"It claims hash version {entry.HashVersion} after an event of version {hashVersion}; it was altered after it was recorded."));
            }
            else if (!entry.ComputeHash().AsSpan().SequenceEqual(entry.Hash))
            {
                problems.Add(new ChainProblem(entry.Version, "Its content was altered after it was recorded."));
            }

            previous = entry.Hash;
            expectedVersion = entry.Version + 1;
            hashVersion = Math.Max(hashVersion, entry.HashVersion);
        }

        if (events.Count == 0 || events[^1].Version != headVersion || !previous.AsSpan().SequenceEqual(headHash))
        {
            problems.Add(new ChainProblem(headVersion, $"The dossier records {headVersion} event(s) ending in another hash than the stored history; events were removed or replaced."));
        }

        return new ChainReport(dossierId, events.Count, problems.Count == 0, problems);
    }

    /// <summary>
    /// Checks the stored history against every anchor that recorded a head of the dossier: the head at the anchored
    /// version, recomputed from the stored events, must be the anchored leaf (its Merkle inclusion in the signed,
    /// timestamped root). A history rewritten consistently in the database after an anchor fails here, naming the
    /// anchor. Events appended after an anchor do not: the anchored version is a prefix of the history.
    /// </summary>
    public static ChainReport CheckAnchors(ChainReport report, IReadOnlyList<DossierEvent> events, IReadOnlyList<AnchorCoverage> coverage)
    {
        var problems = new List<ChainProblem>(report.Problems);
        AnchorVerdict? latest = null;
        foreach (var (anchor, index, anchored) in coverage.Select(entry => (entry.Anchor, entry.Index, entry.Head)))
        {
            if (anchor.Problem is not null)
            {
                problems.Add(new ChainProblem(anchored.Version, anchor.Problem));
                continue;
            }

            var stored = events.FirstOrDefault(entry => entry.Version == anchored.Version && DossierEvent.KnowsHashVersion(entry.HashVersion));
            var storedLeaf = stored is null ? null : new AnchoredHead(report.DossierId, anchored.Version, Convert.ToHexStringLower(stored.ComputeHash())).LeafHash();
            if (storedLeaf is null || !MerkleTree.VerifyInclusion(index, anchor.Tree.Size, storedLeaf, anchor.Tree.InclusionPath(index), anchor.Tree.Root))
            {
                problems.Add(new ChainProblem(
                    anchored.Version,
                    $"Anchor {anchor.File.Id} (timestamped {anchor.TimestampedAt:u}) recorded another head at version {anchored.Version}: the history was rewritten after it was anchored."));
                continue;
            }

            latest = new AnchorVerdict(anchor.File.Id, anchored.Version, anchor.TimestampedAt);
        }

        return report with { Intact = problems.Count == 0, Problems = problems, Anchor = latest };
    }
}
