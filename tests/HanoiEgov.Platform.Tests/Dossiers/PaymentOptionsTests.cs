using HanoiEgov.Modules.Dossiers.Apis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary><c>Dossiers:Payments:ReturnUrl</c> is checked when the host starts.</summary>
[Trait("Category", "Unit")]
public sealed class PaymentOptionsTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_a_missing_return_address_stops_the_host_naming_the_setting(string environment)
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () => await StartedAsync(environment, []));

        Assert.Contains("Dossiers:Payments:ReturnUrl is not set", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_a_return_address_that_is_no_web_address_stops_the_host_and_a_configured_one_is_used()
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () => await StartedAsync("Production", new() { ["Dossiers:Payments:ReturnUrl"] = "/dossiers/{dossierId}/pay/return" }));
        using var host = await StartedAsync("Production", new() { ["Dossiers:Payments:ReturnUrl"] = "https://dichvucong.hanoi.gov.vn/dossiers/{dossierId}/pay/return" });

        Assert.Contains("Dossiers:Payments:ReturnUrl must be an absolute http or https address", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("https://dichvucong.hanoi.gov.vn/dossiers/{dossierId}/pay/return", host.Services.GetRequiredService<IOptions<PaymentOptions>>().Value.ReturnUrl);
    }

    [Fact]
    public async Task In_Development_the_return_address_defaults_to_the_platforms_own_callback_at_its_first_configured_address()
    {
        using var listening = await StartedAsync("Development", new() { ["urls"] = "http://+:5080;https://+:5443" });
        using var nothing = await StartedAsync("Development", []);

        Assert.Equal("http://localhost:5080/api/payments/callback", listening.Services.GetRequiredService<IOptions<PaymentOptions>>().Value.ReturnUrl);
        Assert.Equal("http://localhost/api/payments/callback", nothing.Services.GetRequiredService<IOptions<PaymentOptions>>().Value.ReturnUrl);
    }

    private static async Task<IHost> StartedAsync(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        PaymentsApi.AddPaymentOptions(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
