using HanoiEgov.PortalShell;

namespace HanoiEgov.OfficialsPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Hệ thống một cửa – cán bộ", "One-stop back office for officials", ForOfficials: true);

    private static void Main(string[] args) => PortalShellExtensions.RunPortal(args, Portal);
}
