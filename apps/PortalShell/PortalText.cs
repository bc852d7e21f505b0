using System.Globalization;

namespace HanoiEgov.PortalShell;

/// <summary>The portals' words, Vietnamese by default and English on request.</summary>
public sealed record PortalText(
    string SignIn,
    string SignOut,
    string Profile,
    string CallApi,
    string HeadsOnly,
    string Welcome,
    string SignedInAs,
    string Name,
    string Username,
    string Roles,
    string Agency,
    string PersonalId,
    string ApiAnswered,
    string Forbidden,
    string ForbiddenDetail,
    string OtherLanguage,
    string HeadsOnlyDetail,
    string SignInFailed,
    string SignInFailedDetail)
{
    private static readonly PortalText Vietnamese = new(
        "Đăng nhập", "Đăng xuất", "Hồ sơ cá nhân", "Gọi API nền tảng", "Dành cho lãnh đạo", "Chào mừng", "Đã đăng nhập với tên",
        "Họ và tên", "Tên đăng nhập", "Vai trò", "Cơ quan", "Số định danh cá nhân", "API nền tảng trả lời",
        "Không có quyền truy cập", "Tài khoản của bạn không được phép xem trang này.", "English",
        "Trang này chỉ dành cho lãnh đạo cơ quan.", "Đăng nhập không thành công",
        "Phản hồi đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại.");

    private static readonly PortalText English = new(
        "Sign in", "Sign out", "Profile", "Call the platform API", "Heads only", "Welcome", "Signed in as",
        "Name", "Username", "Roles", "Agency", "Personal ID", "The platform API answered",
        "Access denied", "Your account may not see this page.", "Tiếng Việt",
        "This page is for heads of an agency only.", "Sign-in failed",
        "The sign-in response was not valid or was already used. Please sign in again.");

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static PortalText Current => IsEnglish ? English : Vietnamese;
}
