using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace HanoiEgov.Modules.AdministrativeUnits.Data;

/// <summary>The shipped dataset of provinces and their communes and wards, flattened into one hierarchy.</summary>
internal sealed record AdministrativeUnitDataset(string Name, string Sha256, IReadOnlyList<AdministrativeUnit> Units)
{
    public const string Current = "vn-admin-units-2026";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = false };

    public static AdministrativeUnitDataset LoadEmbedded()
    {
        var resource = $"{typeof(AdministrativeUnitDataset).Namespace}.{Current}.json";
        using var stream = typeof(AdministrativeUnitDataset).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded dataset '{resource}' is missing from the module assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(Current, buffer.ToArray());
    }

    public static AdministrativeUnitDataset Parse(string name, byte[] json)
    {
        var provinces = JsonSerializer.Deserialize<List<ProvinceRecord>>(json, JsonOptions)
            ?? throw new InvalidDataException("The dataset is empty.");
        var units = new List<AdministrativeUnit>();
        foreach (var province in provinces)
        {
            units.Add(new AdministrativeUnit(province.Code, null, 1, TypeOf(province.FullName), province.Name,
                province.NameEn, province.FullName, province.FullNameEn, province.CodeName));
            foreach (var unit in province.Wards)
            {
                if (unit.ProvinceCode != province.Code)
                {
                    throw new InvalidDataException($"Unit {unit.Code} names province {unit.ProvinceCode} but is listed under {province.Code}.");
                }

                units.Add(new AdministrativeUnit(unit.Code, province.Code, 2, TypeOf(unit.FullName), unit.Name,
                    unit.NameEn, unit.FullName, unit.FullNameEn, unit.CodeName));
            }
        }

        return new AdministrativeUnitDataset(name, Convert.ToHexStringLower(SHA256.HashData(json)), units);
    }

    /// <summary>The unit's kind, read from the Vietnamese title its full name starts with.</summary>
    public static string TypeOf(string fullName)
    {
        var title = fullName.ToLower(CultureInfo.GetCultureInfo("vi-VN"));
        return title switch
        {
            _ when title.StartsWith("thành phố ", StringComparison.Ordinal) => AdministrativeUnitTypes.Municipality,
            _ when title.StartsWith("tỉnh ", StringComparison.Ordinal) => AdministrativeUnitTypes.Province,
            _ when title.StartsWith("phường ", StringComparison.Ordinal) => AdministrativeUnitTypes.Ward,
            _ when title.StartsWith("xã ", StringComparison.Ordinal) => AdministrativeUnitTypes.Commune,
            _ when title.StartsWith("đặc khu ", StringComparison.Ordinal) => AdministrativeUnitTypes.SpecialZone,
            _ => throw new InvalidDataException($"'{fullName}' starts with no known unit title."),
        };
    }

    private sealed record ProvinceRecord(
        string Code, string Name, string NameEn, string FullName, string FullNameEn, string CodeName, List<UnitRecord> Wards);

    private sealed record UnitRecord(
        string Code, string Name, string NameEn, string FullName, string FullNameEn, string CodeName, string ProvinceCode);
}
