using HanoiEgov.PortalShell;

namespace HanoiEgov.OfficialsPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Hệ thống một cửa – cán bộ", "One-stop back office for officials", ForOfficials: true);

    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddPortalShell(Portal);

        var app = builder.Build();

        app.UsePortalShell();

        app.Run();
    }
}

/// <summary>Names this assembly for hosting it in tests.</summary>
internal sealed class OfficialsPortalAssembly;
