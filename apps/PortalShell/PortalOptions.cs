namespace HanoiEgov.PortalShell;

/// <summary>One entry of a portal's main navigation.</summary>
public sealed record NavLink(string Href, string TextVi, string TextEn, bool SignedInOnly = false)
{
    public string Text => Words.L(TextVi, TextEn);
}

/// <summary>What makes one portal different from the other.</summary>
public sealed record PortalOptions(string TitleVi, string TitleEn, bool ForOfficials, IReadOnlyList<NavLink> Navigation)
{
    public string Title(bool english) => english ? TitleEn : TitleVi;

    public string Title() => Words.L(TitleVi, TitleEn);
}
