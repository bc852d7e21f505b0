namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>The level of government an agency belongs to; a procedure names the level that handles it.</summary>
public static class AgencyLevels
{
    public const string Commune = "commune";
    public const string City = "city";
}

/// <summary>An agency that receives dossiers: a commune or ward of Hanoi (by its unit code), or a city department.</summary>
public sealed record Agency(string Code, string Name, string NameEn, string Level, string? ParentCode);

/// <summary>The agencies of the city, from data: Hanoi's 126 communes and wards and its city-level agencies.</summary>
public interface IAgencyDirectory
{
    IReadOnlyList<Agency> All { get; }

    Agency? Find(string code);
}
