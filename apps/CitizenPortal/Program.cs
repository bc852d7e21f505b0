using HanoiEgov.PortalShell;

namespace HanoiEgov.CitizenPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Cổng dịch vụ công Hà Nội", "Hanoi public service portal", ForOfficials: false,
    [
        new("/", "Trang chủ", "Home"),
        new("/procedures", "Thủ tục hành chính", "Procedures"),
        new("/agencies", "Nơi tiếp nhận", "Where to apply"),
        new("/track", "Tra cứu hồ sơ", "Track a dossier"),
        new("/dossiers", "Hồ sơ của tôi", "My dossiers"),
    ]);

    private static void Main(string[] args) => PortalShellExtensions.RunPortal(args, Portal, builder => builder.AddCitizenPortal(), app => app.UseCitizenPortal());
}
