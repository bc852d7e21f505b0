using HanoiEgov.PortalShell;

namespace HanoiEgov.OfficialsPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Hệ thống một cửa – cán bộ", "One-stop back office for officials", ForOfficials: true,
    [
        new("/", "Trang chủ", "Home"),
        new("/profile", "Tài khoản", "Account", SignedInOnly: true),
        new("/call-api", "Gọi API nền tảng", "Call the platform API", SignedInOnly: true),
        new("/heads", "Dành cho lãnh đạo", "Heads only", SignedInOnly: true),
    ]);

    private static void Main(string[] args) => PortalShellExtensions.RunPortal(args, Portal);
}
