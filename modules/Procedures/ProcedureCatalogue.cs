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

    public static ProcedureCatalogue LoadEmbedded()
    {
        using var stream = typeof(ProcedureCatalogue).Assembly.GetManifestResourceStream("HanoiEgov.Modules.Procedures.Data.procedures.json")
            ?? throw new InvalidOperationException("The embedded procedure catalogue is missing.");
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
        }

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

    private sealed record CatalogueFile(List<Procedure> Procedures);
}
