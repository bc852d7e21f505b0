using HanoiEgov.PortalShell;

namespace HanoiEgov.CitizenPortal;

internal static class Program
{
    public static readonly PortalOptions Portal = new("Cổng dịch vụ công Hà Nội", "Hanoi public service portal", ForOfficials: false);

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
internal sealed class CitizenPortalAssembly;
