namespace HanoiEgov.PlatformHost;

/// <summary>The platform host; a class rather than a static one so that tests can host it in process by its type.</summary>
internal sealed class Program
{
    private static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddServiceDefaults();
        builder.AddPlatformHost(PlatformModules.All);

        var app = builder.Build();

        app.UsePlatformHost(PlatformModules.All);

        app.Run();
    }
}
