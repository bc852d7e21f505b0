using HanoiEgov.PlatformHost;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformHost(PlatformModules.All);

var app = builder.Build();

app.UsePlatformHost(PlatformModules.All);

app.Run();

/// <summary>The entry point, public so that tests can host the platform in process.</summary>
public partial class Program;
