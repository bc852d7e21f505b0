using System.Text.Json.Serialization;
using HanoiEgov.VendorSandbox.Apis;
using HanoiEgov.VendorSandbox.Lgsp;
using HanoiEgov.VendorSandbox.Payments;
using HanoiEgov.VendorSandbox.Population;
using HanoiEgov.VendorSandbox.Signing;
using HanoiEgov.VendorSandbox.Timestamping;

namespace HanoiEgov.VendorSandbox;

internal static partial class Extensions
{
    /// <summary>
    /// Binds the <c>Sandbox</c> section (refusing to start, naming each missing setting), loads or generates each
    /// face's test CA and loads the synthetic population.
    /// </summary>
    public static WebApplicationBuilder AddVendorSandbox(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SandboxOptions.Section).Get<SandboxOptions>() ?? new SandboxOptions();
        var missing = options.Missing().ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The vendor sandbox needs {string.Join(", ", missing)} (the AppHost sets them; see the README's Sandboxes section).");
        }

        options.StateDirectory = Path.GetFullPath(options.StateDirectory);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxFaces>();
        builder.Services.AddSingleton<TimestampAuthority>();
        builder.Services.AddSingleton(PopulationRegistry.Load(Path.Combine(AppContext.BaseDirectory, "Data", "population.json")));
        builder.Services.AddSingleton<SigningDesk>();
        builder.Services.AddSingleton<SmsCentre>();
        builder.Services.AddSingleton<ViettelTokens>();
        builder.Services.AddSingleton<PaymentOrders>();
        builder.Services.AddSingleton<ExternalCases>();
        builder.Services.AddHttpClient(ViettelPaymentApi.IpnClient);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapVendorSandbox(this WebApplication app)
    {
        // The CAs are made (or read) before the first request, so a slow first key generation is not a request's.
        var faces = app.Services.GetRequiredService<SandboxFaces>();
        app.Services.GetRequiredService<TimestampAuthority>();
        var stateDirectory = app.Services.GetRequiredService<SandboxOptions>().StateDirectory;
        LogStarted(app.Logger, stateDirectory);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/", () => TypedResults.Text("HanoiEgov vendor sandbox: /vnpt, /viettel, /fpt, /lgsp, /tsa. Not a real vendor service.")).AllowAnonymous();
        app.MapCertificateAuthorityApi(faces);
        app.MapPhoneApi(faces);
        app.MapVnptApi();
        app.MapViettelSigningApi();
        app.MapViettelPaymentApi();
        app.MapFptApi();
        app.MapLgspApi();
        app.MapTimestampApi();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vendor sandbox faces vnpt, viettel, fpt, lgsp, tsa; test CAs under {Directory}")]
    private static partial void LogStarted(ILogger logger, string directory);
}
