using HanoiEgov.PlatformHost;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformHost(PlatformModules.All);

var app = builder.Build();

app.UsePlatformHost(PlatformModules.All);

app.Run();
