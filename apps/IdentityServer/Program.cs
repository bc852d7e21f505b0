namespace HanoiEgov.IdentityServer;

internal static class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddKeycloakCompatibleServer();

        var app = builder.Build();

        app.UseKeycloakCompatibleServer();

        app.Run();
    }
}
