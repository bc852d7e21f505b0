namespace HanoiEgov.VendorSandbox;

internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddVendorSandbox();

        var app = builder.Build();

        app.MapDefaultEndpoints();
        app.MapVendorSandbox();

        app.Run();
    }
}
