using HanoiEgov.VendorSandbox;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddVendorSandbox();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapVendorSandbox();

app.Run();
