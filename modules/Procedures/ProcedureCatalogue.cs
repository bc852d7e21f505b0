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
            }
        }

        return new ProcedureCatalogue(file.Procedures);
    }

    private sealed record CatalogueFile(List<Procedure> Procedures);
}
