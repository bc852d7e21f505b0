namespace HanoiEgov.PortalShell;

/// <summary>What makes one portal different from the other.</summary>
public sealed record PortalOptions(string TitleVi, string TitleEn, bool ForOfficials)
{
    public string Title(bool english) => english ? TitleEn : TitleVi;
}
