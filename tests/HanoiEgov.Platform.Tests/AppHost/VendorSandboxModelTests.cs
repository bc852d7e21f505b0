using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace HanoiEgov.Platform.Tests.AppHost;

/// <summary>The vendor sandbox in the app model, and the platform's <c>Vendors:*</c> settings pointing at it.</summary>
[Trait("Category", "Unit")]
public sealed class VendorSandboxModelTests
{
    [Theory]
    [InlineData("Containers")]
    [InlineData("LocalProcesses")]
    public async Task The_vendor_sandbox_runs_on_its_port_with_its_state_under_the_AppHosts_state_directory(string mode)
    {
        var state = Path.Combine(Path.GetTempPath(), "hanoi-egov-model");
        await using var builder = await CreateAsync($"--Infrastructure:Mode={mode}", $"--Infrastructure:StateDirectory={state}");

        var sandbox = Assert.Single(builder.Resources.OfType<ProjectResource>(), resource => resource.Name == "vendor-sandbox");
        Assert.Equal(5190, sandbox.Annotations.OfType<EndpointAnnotation>().Single(endpoint => endpoint.Name == "http").Port);
        Assert.Contains(sandbox.Annotations.OfType<HealthCheckAnnotation>(), check => check.Key.Contains("vendor-sandbox", StringComparison.Ordinal));
        var environment = (await EnvironmentOfAsync(builder, "vendor-sandbox"))[0];
        Assert.Equal(Path.Combine(state, "vendor-sandbox"), environment["Sandbox__StateDirectory"]);
    }

    [Fact]
    public async Task The_platform_is_pointed_at_each_face_and_shares_the_generated_secrets_with_the_sandbox()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={Path.GetTempPath()}");

        var environments = await EnvironmentOfAsync(builder, "platform", "vendor-sandbox");
        var (platform, sandbox) = (environments[0], environments[1]);

        Assert.EndsWith("/vnpt/", platform["Vendors__VNPT__BaseUrl"], StringComparison.Ordinal);
        Assert.EndsWith("/viettel/", platform["Vendors__Viettel__BaseUrl"], StringComparison.Ordinal);
        Assert.EndsWith("/fpt/", platform["Vendors__FPT__BaseUrl"], StringComparison.Ordinal);
        Assert.All([platform["Vendors__VNPT__BaseUrl"], platform["Vendors__Viettel__BaseUrl"], platform["Vendors__FPT__BaseUrl"]],
            url => Assert.Contains("vendor-sandbox", url, StringComparison.Ordinal));
        Assert.Equal(("VNPT", "VNPT", "Viettel", "FPT"), (platform["Capabilities__DigitalSignature"], platform["Capabilities__Sms"], platform["Capabilities__Payment"], platform["Capabilities__PopulationRegistry"]));
        Assert.Equal(sandbox["Sandbox__Vnpt__SpPassword"], platform["Vendors__VNPT__SpPassword"]);
        Assert.Equal(sandbox["Sandbox__Viettel__ClientSecret"], platform["Vendors__Viettel__ClientSecret"]);
        Assert.Equal(sandbox["Sandbox__Viettel__HashKey"], platform["Vendors__Viettel__HashKey"]);
        Assert.Equal(sandbox["Sandbox__Fpt__RelyingPartyPassword"], platform["Vendors__FPT__RelyingPartyPassword"]);
        Assert.EndsWith("/lgsp/", platform["Vendors__LGSP__BaseUrl"], StringComparison.Ordinal);
        Assert.Equal((sandbox["Sandbox__Lgsp__ConsumerKey"], sandbox["Sandbox__Lgsp__ApiKey"]), (platform["Vendors__LGSP__ConsumerKey"], platform["Vendors__LGSP__ApiKey"]));
        Assert.Equal(("LGSP", "LGSP", "LGSP"), (platform["Capabilities__ResidenceRegistry"], platform["Capabilities__SocialInsurance"], platform["Capabilities__IdentityCardRegistry"]));
        Assert.Contains("vendor-vnpt-sp-password", platform["Vendors__VNPT__SpPassword"], StringComparison.Ordinal);
        string[] faces = ["vnpt", "viettel", "fpt"];
        Assert.Equal(
            [.. faces.Select(face => Path.Combine(sandbox["Sandbox__StateDirectory"], face, "ca", "root.pem"))],
            faces.Select((_, index) => platform[$"Dossiers__Signing__TrustedRoots__{index}"]));
        string[] shared = ["vendor-vnpt-sp-password", "vendor-viettel-client-secret", "vendor-viettel-hash-key", "vendor-fpt-password", "vendor-lgsp-api-key"];
        var secrets = builder.Resources.OfType<ParameterResource>().Where(parameter => shared.Contains(parameter.Name)).ToList();
        Assert.Equal(shared.Length, secrets.Count);
        Assert.All(secrets, parameter => Assert.True(parameter.Secret));
    }

    [Fact]
    public async Task The_platform_anchors_into_the_state_directory_with_the_sandboxs_tsa_and_its_root()
    {
        var state = Path.Combine(Path.GetTempPath(), "hanoi-egov-model");
        await using var builder = await CreateAsync("--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={state}");

        var environments = await EnvironmentOfAsync(builder, "platform", "vendor-sandbox");
        var (platform, sandbox) = (environments[0], environments[1]);

        Assert.Equal(Path.Combine(state, "platform", "anchoring"), platform["Dossiers__Anchoring__Directory"]);
        Assert.EndsWith("/tsa/", platform["Dossiers__Anchoring__TsaUrl"], StringComparison.Ordinal);
        Assert.Contains("vendor-sandbox", platform["Dossiers__Anchoring__TsaUrl"], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(sandbox["Sandbox__StateDirectory"], "tsa", "ca", "root.pem"), platform["Dossiers__Anchoring__TsaTrustedRoots__0"]);
    }

    [Fact]
    public async Task The_sandbox_can_be_left_out_by_configuration()
    {
        await using var builder = await CreateAsync("--Infrastructure:Mode=LocalProcesses", $"--Infrastructure:StateDirectory={Path.GetTempPath()}", "--VendorSandbox:Enabled=false");

        Assert.DoesNotContain(builder.Resources, resource => resource.Name == "vendor-sandbox");
    }

    private static async Task<List<Dictionary<string, string>>> EnvironmentOfAsync(IDistributedApplicationTestingBuilder builder, params string[] resourceNames)
    {
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        var environments = new List<Dictionary<string, string>>();
        foreach (var name in resourceNames)
        {
            var resource = builder.Resources.Single(candidate => candidate.Name == name);
            var configuration = await ExecutionConfigurationBuilder.Create(resource)
                .WithEnvironmentVariablesConfig()
                .BuildAsync(
                    new DistributedApplicationExecutionContext(new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Publish)
                    {
                        Services = app.Services,
                    }),
                    cancellationToken: TestContext.Current.CancellationToken);
            environments.Add(configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value));
        }

        return environments;
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync(typeof(HanoiEgov.AppHost.Program), args, TestContext.Current.CancellationToken);
}
