namespace HanoiEgov.PortalShell;

/// <summary>One entry of a portal's main navigation; with <paramref name="Roles"/>, shown only to users in one of them.</summary>
public sealed record NavLink(string Href, string TextVi, string TextEn, bool SignedInOnly = false, IReadOnlyList<string>? Roles = null)
{
    public string Text => Words.L(TextVi, TextEn);

    public bool ShownTo(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Roles is null || Roles.Any(user.IsInRole) : !SignedInOnly && Roles is null;
}

/// <summary>What makes one portal different from the other.</summary>
public sealed record PortalOptions(string TitleVi, string TitleEn, bool ForOfficials, IReadOnlyList<NavLink> Navigation)
{
    public string Title(bool english) => english ? TitleEn : TitleVi;

    public string Title() => Words.L(TitleVi, TitleEn);
}
