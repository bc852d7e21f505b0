using System.Text.Json;

namespace HanoiEgov.Modules.AdministrativeUnits.Data;

internal sealed class AgencyDirectory : IAgencyDirectory
{
    public const string City = "01";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, Agency> agencies;

    private AgencyDirectory(IEnumerable<Agency> agencies) => this.agencies = agencies.ToDictionary(agency => agency.Code, StringComparer.Ordinal);

    public IReadOnlyList<Agency> All => [.. agencies.Values.OrderBy(agency => agency.Level == AgencyLevels.City ? 0 : 1).ThenBy(agency => agency.Code, StringComparer.Ordinal)];

    public Agency? Find(string code) => agencies.GetValueOrDefault(code);

    public static AgencyDirectory Load(AdministrativeUnitDataset dataset)
    {
        using var stream = typeof(AgencyDirectory).Assembly.GetManifestResourceStream($"{typeof(AgencyDirectory).Namespace}.city-agencies.json")
            ?? throw new InvalidOperationException("The embedded list of city agencies is missing.");
        var file = JsonSerializer.Deserialize<CityAgencies>(stream, Json)
            ?? throw new InvalidDataException("The list of city agencies is empty.");
        var communes = dataset.Units
            .Where(unit => unit.ParentCode == City)
            .Select(unit => new Agency(unit.Code, unit.FullName, unit.FullNameEn, AgencyLevels.Commune, City));
        return new AgencyDirectory(file.Agencies.Select(agency => new Agency(agency.Code, agency.Name, agency.NameEn, AgencyLevels.City, null)).Concat(communes));
    }

    private sealed record CityAgency(string Code, string Name, string NameEn);

    private sealed record CityAgencies(List<CityAgency> Agencies);
}
