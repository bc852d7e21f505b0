using HanoiEgov.PortalShell;

namespace HanoiEgov.CitizenPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Cổng dịch vụ công Hà Nội", "Hanoi public service portal", ForOfficials: false);

    private static void Main(string[] args) => PortalShellExtensions.RunPortal(args, Portal);
}
