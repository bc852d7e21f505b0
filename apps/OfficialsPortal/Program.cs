using HanoiEgov.PortalShell;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.OfficialsPortal;

internal static class Program
{
    private static readonly string[] Officials = [PlatformRoles.Official];
    private static readonly string[] Clerks = [PlatformRoles.OneStopClerk];
    private static readonly string[] Admins = [PlatformRoles.PlatformAdmin];

    public static readonly PortalOptions Portal = new("Hệ thống một cửa – cán bộ", "One-stop back office for officials", ForOfficials: true,
    [
        new("/", "Trang chủ", "Home"),
        new("/worklist", "Hồ sơ cần xử lý", "Worklist", SignedInOnly: true, Officials),
        new("/search", "Tìm hồ sơ", "Find a dossier", SignedInOnly: true, Officials),
        new("/interlinked", "Hồ sơ liên thông", "Interlinked dossiers", SignedInOnly: true, Officials),
        new("/counter/new", "Tiếp nhận tại quầy", "Counter intake", SignedInOnly: true, Clerks),
        new("/ledger", "Sổ theo dõi", "Ledger", SignedInOnly: true, Officials),
        new("/statistics", "Thống kê", "Statistics", SignedInOnly: true, [PlatformRoles.Official, PlatformRoles.PlatformAdmin]),
        new("/admin/calendar", "Lịch làm việc", "Working calendar", SignedInOnly: true, Admins),
        new("/admin/vendors", "Nhà cung cấp dịch vụ", "Vendors", SignedInOnly: true, Admins),
    ]);

    private static void Main(string[] args) => PortalShellExtensions.RunPortal(args, Portal, usePortal: app => app.MapBackOffice());
}
