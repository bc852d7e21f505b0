namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>Checks a dossier's stored events: contiguous versions, each hash recomputed, each linked to the one before.</summary>
internal static class DossierChain
{
    public static ChainReport Verify(Guid dossierId, IReadOnlyList<DossierEvent> events, int headVersion, byte[] headHash)
    {
        var problems = new List<ChainProblem>();
        var previous = DossierEvent.Genesis;
        var expectedVersion = 1;
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

            if (!entry.ComputeHash().AsSpan().SequenceEqual(entry.Hash))
            {
                problems.Add(new ChainProblem(entry.Version, "Its content was altered after it was recorded."));
            }

            previous = entry.Hash;
            expectedVersion = entry.Version + 1;
        }

        if (events.Count == 0 || events[^1].Version != headVersion || !previous.AsSpan().SequenceEqual(headHash))
        {
            problems.Add(new ChainProblem(headVersion, $"The dossier records {headVersion} event(s) ending in another hash than the stored history; events were removed or replaced."));
        }

        return new ChainReport(dossierId, events.Count, problems.Count == 0, problems);
    }
}
