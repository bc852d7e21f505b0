using Aspire.Hosting.ApplicationModel;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.AppHost.Vendors;

/// <summary>
/// The development stand-in for VNPT, Viettel, FPT, the provincial data-sharing platform (LGSP) and a time-stamping authority (<c>apps/VendorSandbox</c>), and
/// the <c>Vendors:*</c> and <c>Dossiers:Anchoring:Tsa*</c> settings that point the platform at it. The credentials both sides share are generated secret
/// parameters, kept in the AppHost's user secrets, never in git. Not added when publishing: production talks to
/// the real services.
/// </summary>
internal sealed record VendorSandbox(IResourceBuilder<ProjectResource> Resource, IReadOnlyDictionary<string, object> PlatformSettings)
{
    public const string ResourceName = "vendor-sandbox";
    public const int DefaultPort = 5190;
    public const string VnptSpId = "hanoi-egov";
    public const string VnptBrandname = "HANOI-EGOV";
    public const string ViettelClientId = "hanoi-egov";
    public const string ViettelMerchantCode = "HANOIEGOV";
    public const string FptRelyingParty = "HANOI_EGOV";
    public const string LgspConsumerKey = "hanoi-egov-dvc";

    /// <summary>The platform's payment callback (Dossiers' <c>PaymentsApi.CallbackPath</c>), where the gateway posts its IPN.</summary>
    public const string PaymentCallbackPath = "/api/payments/callback";

    /// <summary>Which vendor serves each capability while the sandbox runs; AppHost settings <c>Capabilities:*</c> override.</summary>
    public static readonly IReadOnlyDictionary<string, string> Capabilities = new Dictionary<string, string>
    {
        ["DigitalSignature"] = "VNPT",
        ["Sms"] = "VNPT",
        ["Payment"] = "Viettel",
        ["PopulationRegistry"] = "FPT",
        ["ResidenceRegistry"] = "LGSP",
        ["SocialInsurance"] = "LGSP",
        ["IdentityCardRegistry"] = "LGSP",
    };
}

internal static class VendorSandboxExtensions
{
    public static VendorSandbox? AddVendorSandbox(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue("VendorSandbox:Enabled", true))
        {
            return null;
        }

        var stateDirectory = Path.Combine(InfrastructureSettings.From(builder.Configuration).StateDirectory, VendorSandbox.ResourceName);
        var vnptPassword = Secret(builder, "vendor-vnpt-sp-password");
        var viettelSecret = Secret(builder, "vendor-viettel-client-secret");
        var viettelHashKey = Secret(builder, "vendor-viettel-hash-key");
        var fptPassword = Secret(builder, "vendor-fpt-password");
        var lgspApiKey = Secret(builder, "vendor-lgsp-api-key");

        var sandbox = builder.AddProject<Projects.HanoiEgov_VendorSandbox>(VendorSandbox.ResourceName)
            .WithHttpEndpoint(port: builder.Configuration.GetValue("VendorSandbox:Port", VendorSandbox.DefaultPort), name: "http")
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Sandbox__StateDirectory", stateDirectory)
            .WithEnvironment("Sandbox__Vnpt__SpId", VendorSandbox.VnptSpId)
            .WithEnvironment("Sandbox__Vnpt__SpPassword", vnptPassword)
            .WithEnvironment("Sandbox__Vnpt__Brandname", VendorSandbox.VnptBrandname)
            .WithEnvironment("Sandbox__Viettel__ClientId", VendorSandbox.ViettelClientId)
            .WithEnvironment("Sandbox__Viettel__ClientSecret", viettelSecret)
            .WithEnvironment("Sandbox__Viettel__MerchantCode", VendorSandbox.ViettelMerchantCode)
            .WithEnvironment("Sandbox__Viettel__HashKey", viettelHashKey)
            .WithEnvironment("Sandbox__Fpt__RelyingParty", VendorSandbox.FptRelyingParty)
            .WithEnvironment("Sandbox__Fpt__RelyingPartyPassword", fptPassword)
            .WithEnvironment("Sandbox__Lgsp__ConsumerKey", VendorSandbox.LgspConsumerKey)
            .WithEnvironment("Sandbox__Lgsp__ApiKey", lgspApiKey);

        var endpoint = sandbox.GetEndpoint("http");
        var settings = new Dictionary<string, object>
        {
            ["Vendors__VNPT__BaseUrl"] = ReferenceExpression.Create($"{endpoint}/vnpt/"),
            ["Vendors__VNPT__SpId"] = VendorSandbox.VnptSpId,
            ["Vendors__VNPT__SpPassword"] = vnptPassword,
            ["Vendors__VNPT__Brandname"] = VendorSandbox.VnptBrandname,
            ["Vendors__Viettel__BaseUrl"] = ReferenceExpression.Create($"{endpoint}/viettel/"),
            ["Vendors__Viettel__ClientId"] = VendorSandbox.ViettelClientId,
            ["Vendors__Viettel__ClientSecret"] = viettelSecret,
            ["Vendors__Viettel__MerchantCode"] = VendorSandbox.ViettelMerchantCode,
            ["Vendors__Viettel__HashKey"] = viettelHashKey,
            ["Vendors__FPT__BaseUrl"] = ReferenceExpression.Create($"{endpoint}/fpt/"),
            ["Vendors__FPT__RelyingParty"] = VendorSandbox.FptRelyingParty,
            ["Vendors__FPT__RelyingPartyPassword"] = fptPassword,
            ["Vendors__LGSP__BaseUrl"] = ReferenceExpression.Create($"{endpoint}/lgsp/"),
            ["Vendors__LGSP__ConsumerKey"] = VendorSandbox.LgspConsumerKey,
            ["Vendors__LGSP__ApiKey"] = lgspApiKey,
        };
        // Dossier results signed through the sandbox verify against the roots its test CAs keep in the state folder.
        string[] faces = ["vnpt", "viettel", "fpt"];
        for (var face = 0; face < faces.Length; face++)
        {
            settings[$"Dossiers__Signing__TrustedRoots__{face}"] = Path.Combine(stateDirectory, faces[face], "ca", "root.pem");
        }

        // Its TSA face timestamps the platform's anchors, whose tokens verify against the TSA CA's root.
        settings["Dossiers__Anchoring__TsaUrl"] = ReferenceExpression.Create($"{endpoint}/tsa/");
        settings["Dossiers__Anchoring__TsaTrustedRoots__0"] = Path.Combine(stateDirectory, "tsa", "ca", "root.pem");

        foreach (var (capability, vendor) in VendorSandbox.Capabilities)
        {
            settings[$"Capabilities__{capability}"] = builder.Configuration[$"Capabilities:{capability}"] ?? vendor;
        }

        return new VendorSandbox(sandbox, settings);
    }

    /// <summary>
    /// Points a service's vendor modules at the sandbox, and the sandbox's payment gateway back at the service's
    /// callback for its server-to-server notification (IPN). The service does not wait for it: a vendor being down
    /// must not keep the platform from starting; its health check says so instead.
    /// </summary>
    public static IResourceBuilder<T> WithVendorSandbox<T>(this IResourceBuilder<T> service, VendorSandbox? sandbox)
        where T : IResourceWithEnvironment, IResourceWithEndpoints
    {
        if (sandbox is null)
        {
            return service;
        }

        var ipnUrl = ReferenceExpression.Create($"{service.GetEndpoint("http")}{VendorSandbox.PaymentCallbackPath}");
        service.WithReferenceRelationship(sandbox.Resource);
        return service.WithEnvironment(context =>
        {
            foreach (var (name, value) in sandbox.PlatformSettings)
            {
                context.EnvironmentVariables[name] = value;
            }

            context.EnvironmentVariables["Vendors__Viettel__IpnUrl"] = ipnUrl;
        });
    }

    private static IResourceBuilder<ParameterResource> Secret(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
}
