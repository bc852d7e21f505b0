namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>Kinds of administrative unit after the 2025 reform. Stored and served as these lowercase words.</summary>
public static class AdministrativeUnitTypes
{
    public const string Municipality = "municipality";
    public const string Province = "province";
    public const string Ward = "ward";
    public const string Commune = "commune";
    public const string SpecialZone = "special-zone";

    public static readonly IReadOnlyList<string> All = [Municipality, Province, Ward, Commune, SpecialZone];
}

/// <summary>An administrative unit as other modules and API callers see it.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.AdministrativeUnits.AdministrativeUnit")]
public sealed record AdministrativeUnit(
    [property: Id(0)] string Code,
    [property: Id(1)] string? ParentCode,
    [property: Id(2)] int Level,
    [property: Id(3)] string Type,
    [property: Id(4)] string Name,
    [property: Id(5)] string NameEn,
    [property: Id(6)] string FullName,
    [property: Id(7)] string FullNameEn,
    [property: Id(8)] string CodeName);

/// <summary>One unit with the number of units directly under it.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.AdministrativeUnits.AdministrativeUnitDetails")]
public sealed record AdministrativeUnitDetails(
    [property: Id(0)] AdministrativeUnit Unit,
    [property: Id(1)] int ChildCount);

/// <summary>A page of units and the total that matched.</summary>
public sealed record AdministrativeUnitPage(IReadOnlyList<AdministrativeUnit> Items, int Total, int Page, int PageSize);

/// <summary>What the catalogue last imported, and which silo answers for the import now.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.AdministrativeUnits.CatalogueImportStatus")]
public sealed record CatalogueImportStatus(
    [property: Id(0)] string Dataset,
    [property: Id(1)] string Sha256,
    [property: Id(2)] int UnitCount,
    [property: Id(3)] DateTimeOffset ImportedAt,
    [property: Id(4)] string ImportedBySilo,
    [property: Id(5)] string ServedBySilo);
