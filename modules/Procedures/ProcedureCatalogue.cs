using System.Text.Json;

namespace HanoiEgov.Modules.Procedures;

/// <summary>The shipped procedure catalogue (Data/procedures.json), read once.</summary>
internal sealed class ProcedureCatalogue : IProcedureCatalogue
{
    private readonly Dictionary<string, Procedure> procedures;

    private ProcedureCatalogue(IEnumerable<Procedure> procedures) =>
        this.procedures = procedures.ToDictionary(procedure => procedure.Code, StringComparer.Ordinal);

    public IReadOnlyList<Procedure> All => [.. procedures.Values.OrderBy(procedure => procedure.Code, StringComparer.Ordinal)];

    public Procedure? Find(string code) => procedures.GetValueOrDefault(code);

    public Procedure? InterlinkedStartingWith(string firstPartCode, DateOnly day) =>
        procedures.Values.SingleOrDefault(procedure => procedure.VersionOn(day)?.Parts is [var first, ..] && first.ProcedureCode == firstPartCode);

    public static ProcedureCatalogue LoadEmbedded()
    {
        using var stream = typeof(ProcedureCatalogue).Assembly.GetManifestResourceStream("HanoiEgov.Modules.Procedures.Data.procedures.json")
            ?? throw new InvalidOperationException("The embedded procedure catalogue is missing.");
        return Load(stream);
    }

    /// <summary>Reads a catalogue file; throws <see cref="InvalidDataException"/> naming the first thing wrong with it.</summary>
    public static ProcedureCatalogue Load(Stream stream)
    {
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, CatalogueJson.Options)
            ?? throw new InvalidDataException("The procedure catalogue is empty.");
        foreach (var procedure in file.Procedures)
        {
            foreach (var version in procedure.Versions)
            {
                if (version.Processing.SameDay == version.Processing.WorkingDays.HasValue)
                {
                    throw new InvalidDataException($"Procedure {procedure.Code} v{version.Version} must take either the same day or a number of working days.");
                }

                CheckParts(procedure, version, file.Procedures);
            }

            CheckRetirement(procedure, file.Procedures);
        }

        CheckOneGroupPerFirstPart(file.Procedures);

        return new ProcedureCatalogue(file.Procedures);
    }

    /// <summary>
    /// An interlinked version's parts: unique keys, known deciders, earlier parts only in <c>After</c>, exactly one part
    /// the commune decides (it comes first and takes the dossier's documents), and that part's procedure in the
    /// catalogue asking for the documents the group asks for.
    /// </summary>
    private static void CheckParts(Procedure procedure, ProcedureVersion version, List<Procedure> all)
    {
        if (version.Parts is not { Count: > 0 } parts)
        {
            return;
        }

        var name = $"Interlinked procedure {procedure.Code} v{version.Version}";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (!PartDeciders.All.Contains(part.DecidedBy))
            {
                throw new InvalidDataException($"{name}: part '{part.Key}' is decided by '{part.DecidedBy}', not one of {string.Join(", ", PartDeciders.All)}.");
            }

            if (PartKeys.DecidedBy.GetValueOrDefault(part.Key) != part.DecidedBy)
            {
                throw new InvalidDataException(
                    $"{name}: part '{part.Key}' decided by '{part.DecidedBy}' is not a part the platform can ask for ({string.Join(", ", PartKeys.DecidedBy.Select(known => $"{known.Key} by {known.Value}"))}).");
            }

            if (part.Processing.SameDay == part.Processing.WorkingDays.HasValue)
            {
                throw new InvalidDataException($"{name}: part '{part.Key}' must take either the same day or a number of working days.");
            }

            if (part.After.FirstOrDefault(before => !seen.Contains(before)) is { } unknown)
            {
                throw new InvalidDataException($"{name}: part '{part.Key}' comes after '{unknown}', which is not an earlier part.");
            }

            if (!seen.Add(part.Key))
            {
                throw new InvalidDataException($"{name}: two parts are called '{part.Key}'.");
            }
        }

        var communeParts = parts.Where(part => part.DecidedBy == PartDeciders.Commune).ToList();
        if (communeParts.Count != 1 || parts[0] != communeParts[0])
        {
            throw new InvalidDataException($"{name}: exactly one part is decided by the commune, and it comes first.");
        }

        var first = all.FirstOrDefault(candidate => candidate.Code == communeParts[0].ProcedureCode)?.VersionOn(version.EffectiveFrom)
            ?? throw new InvalidDataException($"{name}: its first part's procedure {communeParts[0].ProcedureCode} is not in force on {version.EffectiveFrom}.");
        var asked = version.RequiredDocuments.Select(document => document.Code).ToHashSet(StringComparer.Ordinal);
        if (!asked.SetEquals(first.RequiredDocuments.Select(document => document.Code)))
        {
            throw new InvalidDataException($"{name}: asks for documents {string.Join(", ", asked)}, which must be those of {communeParts[0].ProcedureCode} (its first part takes them).");
        }
    }

    /// <summary>A retired procedure was in force before it was retired, and what replaces it is in force from that day.</summary>
    private static void CheckRetirement(Procedure procedure, List<Procedure> all)
    {
        if (procedure.ReplacedBy is not null && procedure.RetiredFrom is null)
        {
            throw new InvalidDataException($"Procedure {procedure.Code} is replaced by {procedure.ReplacedBy} but has no retiredFrom day.");
        }

        if (procedure.RetiredFrom is not { } retired)
        {
            return;
        }

        if (procedure.Versions.Any(version => version.EffectiveFrom >= retired))
        {
            throw new InvalidDataException($"Procedure {procedure.Code} is retired from {retired:yyyy-MM-dd} but has a version taking effect on or after that day.");
        }

        if (procedure.ReplacedBy is { } successor && all.FirstOrDefault(candidate => candidate.Code == successor)?.VersionOn(retired) is null)
        {
            throw new InvalidDataException($"Procedure {procedure.Code} is replaced by {successor} from {retired:yyyy-MM-dd}, which is not in force that day.");
        }
    }

    /// <summary>On any day at most one interlinked procedure starts with a given part, so a declaration finds its group without naming a code.</summary>
    private static void CheckOneGroupPerFirstPart(List<Procedure> all)
    {
        var days = all.SelectMany(procedure => procedure.Versions.Select(version => version.EffectiveFrom).Append(procedure.RetiredFrom ?? DateOnly.MinValue)).Distinct();
        foreach (var day in days)
        {
            var clash = all.Where(procedure => procedure.VersionOn(day)?.Parts is { Count: > 0 })
                .GroupBy(procedure => procedure.VersionOn(day)!.Parts![0].ProcedureCode)
                .FirstOrDefault(group => group.Count() > 1);
            if (clash is not null)
            {
                throw new InvalidDataException(
                    $"Interlinked procedures {string.Join(" and ", clash.Select(procedure => procedure.Code))} both start with {clash.Key} and are both in force on {day:yyyy-MM-dd}.");
            }
        }
    }

    private sealed record CatalogueFile(List<Procedure> Procedures);
}
