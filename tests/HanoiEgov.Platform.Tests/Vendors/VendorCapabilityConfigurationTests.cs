using System.ComponentModel.DataAnnotations;
using HanoiEgov.Vendors;
using HanoiEgov.Vendors.Lgsp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>Which vendor serves each capability is configuration, checked when the host starts.</summary>
[Trait("Category", "Unit")]
public sealed class VendorCapabilityConfigurationTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_configuration_Development_serves_every_capability_with_the_Null_providers()
    {
        using var host = await StartAsync(Environments.Development, []);

        var selection = host.Services.GetRequiredService<VendorCapabilitySelection>();
        Assert.Equal(Enum.GetValues<VendorCapability>(), selection.Choices.Select(choice => choice.Capability));
        Assert.All(selection.Choices, choice => Assert.Equal((NullVendor.Name, (string?)null, true), (choice.Provider, choice.Fallback, choice.Defaulted)));
        var sent = await host.Services.GetRequiredService<ISmsGateway>().SendAsync(new SmsMessage("r1", "0912345678", "Xin chào"), Cancellation);
        Assert.True(sent.Succeeded, sent.ToString());
    }

    [Fact]
    public async Task Outside_Development_a_capability_without_configuration_stops_the_host_naming_it()
    {
        var settings = Everything("Null");
        settings.Remove("Capabilities:PopulationRegistry");

        var refusal = await RefusedAsync(Environments.Production, settings);

        Assert.Contains("Capabilities:PopulationRegistry is not configured", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("Capabilities:Sms", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "Capabilities:Payment:Fallback")]
    [InlineData("Staging", "Capabilities:Payment:Provider")]
    [InlineData("Production", "Capabilities:DigitalSignature")]
    [InlineData("Production", "Capabilities:DigitalSignature:Fallback")]
    [InlineData("Production", "Capabilities:PopulationRegistry:Provider")]
    [InlineData("Production", "Capabilities:ResidenceRegistry")]
    [InlineData("Staging", "Capabilities:SocialInsurance:Fallback")]
    [InlineData("Production", "Capabilities:IdentityCardRegistry")]
    [InlineData("Staging", "Capabilities:IdentityCardRegistry:Fallback")]
    public async Task Outside_Development_the_Null_provider_may_neither_serve_nor_stand_in_for_payment_signature_population_data_residence_social_insurance_or_identity_cards(string environment, string setting)
    {
        var refusal = await RefusedAsync(environment, RealVendorsAnd((setting, "Null")), new FakeSms(), ProvidesRealCapabilities);

        Assert.Contains($"{setting} names 'Null', the development provider", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_SMS_and_email_may_still_fall_back_to_the_Null_provider()
    {
        using var host = await StartAsync(
            Environments.Production, RealVendorsAnd(("Capabilities:Sms:Fallback", "Null"), ("Capabilities:Email", "Null")), new FakeSms(), ProvidesRealCapabilities);

        var selection = host.Services.GetRequiredService<VendorCapabilitySelection>();
        Assert.Equal(("Acme", "Null"), (selection.Of(VendorCapability.Sms).Provider, selection.Of(VendorCapability.Sms).Fallback));
        Assert.Equal("Null", selection.Of(VendorCapability.Email).Provider);
        Assert.Equal(("Acme", (string?)null), (selection.Of(VendorCapability.Payment).Provider, selection.Of(VendorCapability.Payment).Fallback));
    }

    [Fact]
    public async Task An_unknown_capability_name_stops_the_host_naming_it()
    {
        var refusal = await RefusedAsync(Environments.Development, new() { ["Capabilities:Signing"] = "Null" });

        Assert.Contains("Capabilities:Signing names no capability", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_no_module_registered_stops_the_host_naming_the_vendor_and_the_setting()
    {
        var refusal = await RefusedAsync(Environments.Development, new() { ["Capabilities:Sms:Provider"] = "VNTP" });

        Assert.Contains("Capabilities:Sms:Provider names vendor 'VNTP'", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_chosen_for_a_capability_it_does_not_provide_stops_the_host()
    {
        var refusal = await RefusedAsync(Environments.Development, new() { ["Capabilities:Payment"] = "Acme" }, new FakeSms());

        Assert.Contains("Capabilities:Payment names vendor 'Acme'", refusal, StringComparison.Ordinal);
        Assert.Contains("registered: Null", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_setting_or_a_fallback_equal_to_the_provider_stops_the_host()
    {
        var refusal = await RefusedAsync(
            Environments.Development,
            new() { ["Capabilities:Sms:Provder"] = "Acme", ["Capabilities:Email:Provider"] = "Null", ["Capabilities:Email:Fallback"] = "null" },
            new FakeSms());

        Assert.Contains("Capabilities:Sms:Provder is not a setting", refusal, StringComparison.Ordinal);
        Assert.Contains("Capabilities:Email:Fallback names the provider itself", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_vendor_is_chosen_by_name_in_any_case_and_shown_to_operators()
    {
        var acme = new FakeSms();
        using var host = await StartAsync(Environments.Development, Everything("Null", ("Capabilities:Sms:Provider", "acme"), ("Capabilities:Sms:Fallback", "NULL")), acme);

        var choice = host.Services.GetRequiredService<VendorCapabilitySelection>().Of(VendorCapability.Sms);
        Assert.Equal(("Acme", "Null", false), (choice.Provider, choice.Fallback, choice.Defaulted));
        Assert.True((await host.Services.GetRequiredService<ISmsGateway>().SendAsync(new SmsMessage("r1", "0912345678", "Xin chào"), Cancellation)).Succeeded);
        Assert.Equal(1, acme.Calls);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancellation);
        var capabilities = report.Entries[VendorCapabilityExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, capabilities.Status);
        Assert.Equal("Acme, fallback Null", capabilities.Data["Sms"]);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["vendor-acme"].Status);
        Assert.Equal("Null", capabilities.Data["DigitalSignature"]);
    }

    [Fact]
    public async Task A_plain_provider_keeps_a_fallback_given_by_another_source_and_two_different_providers_stop_the_host()
    {
        using var host = await StartAsync(Environments.Development, new() { ["Capabilities:Sms"] = "Acme" }, new FakeSms(), extra: new() { ["Capabilities:Sms:Fallback"] = "Null" });
        Assert.Equal(("Acme", "Null"), (host.Services.GetRequiredService<VendorCapabilitySelection>().Of(VendorCapability.Sms).Provider, host.Services.GetRequiredService<VendorCapabilitySelection>().Of(VendorCapability.Sms).Fallback));

        var refusal = await RefusedAsync(Environments.Development, new() { ["Capabilities:Sms"] = "Acme", ["Capabilities:Sms:Provider"] = "Null" }, new FakeSms());
        Assert.Contains("name the provider once", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_result_is_never_taken_for_success()
    {
        var empty = default(VendorResult<SmsReceipt>);

        Assert.False(empty.Succeeded);
        Assert.Equal(VendorFailureCodes.InvalidRequest, empty.Failure.Code);
    }

    [Fact]
    public async Task The_fallback_serves_while_the_provider_is_unavailable_and_its_ids_lead_back_to_it()
    {
        var acme = new FakeSms { Answer = VendorFailure.Unavailable("circuit open") };
        using var host = await StartAsync(Environments.Development, new() { ["Capabilities:Sms:Provider"] = "Acme", ["Capabilities:Sms:Fallback"] = "Null" }, acme);
        var sms = host.Services.GetRequiredService<ISmsGateway>();

        var receipt = await sms.SendAsync(new SmsMessage("r1", "0912345678", "Xin chào"), Cancellation);

        Assert.True(receipt.Succeeded, receipt.ToString());
        Assert.StartsWith("Null:", receipt.Value.MessageId, StringComparison.Ordinal);
        var status = await sms.GetDeliveryStatusAsync(receipt.Value.MessageId, Cancellation);
        Assert.Equal(SmsDeliveryState.Delivered, status.Value!.State);
        Assert.Equal(receipt.Value.MessageId, status.Value.MessageId);
        Assert.Equal(1, acme.Calls);
    }

    [Fact]
    public async Task A_signing_started_at_the_fallback_is_followed_there_to_a_signature_that_verifies()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Capabilities:DigitalSignature:Provider"] = "Down", ["Capabilities:DigitalSignature:Fallback"] = "Null" });
        builder.Services.AddLogging();
        builder.AddVendorCapabilities();
        builder.AddVendorModule("Down").Provides<IDigitalSignatureProvider>(services => new NullDigitalSignatureProvider(
            new NullVendorState(outage: true), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new NullVendorOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<NullDigitalSignatureProvider>.Instance));
        using var host = builder.Build();
        await host.StartAsync(Cancellation);
        var signing = host.Services.GetRequiredService<IDigitalSignatureProvider>();
        var document = System.Security.Cryptography.RandomNumberGenerator.GetBytes(2_000);

        var certificate = Assert.Single((await signing.ListCertificatesAsync("head.badinh", Cancellation)).Value!);
        var transaction = (await signing.RequestSignatureAsync(
            new SignHashRequest("r1", "head.badinh", certificate.CredentialId, System.Security.Cryptography.SHA256.HashData(document), System.Security.Cryptography.HashAlgorithmName.SHA256, "ket-qua.pdf"),
            Cancellation)).Value!;
        var status = (await signing.GetTransactionAsync(transaction.TransactionId, Cancellation)).Value!;
        var signature = (await signing.GetSignatureAsync(transaction.TransactionId, Cancellation)).Value!;

        Assert.StartsWith("Null:", certificate.CredentialId, StringComparison.Ordinal);
        Assert.StartsWith("Null:", transaction.TransactionId, StringComparison.Ordinal);
        Assert.Equal((transaction.TransactionId, SigningStatus.Completed), (status.TransactionId, status.Status));
        using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.Chain[^1].Span);
        Assert.True(CmsSignatureVerifier.Verify(signature.Cms.Span, document, [root]).IsValid);
        Assert.Equal(VendorFailureCodes.Unavailable, (await signing.GetTransactionAsync("issued-by-the-provider", Cancellation)).Failure?.Code);
    }

    [Fact]
    public async Task Each_routed_call_is_a_span_naming_the_capability_the_vendor_and_the_outcome()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == VendorTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var acme = new FakeSms { Answer = VendorFailure.Unavailable("circuit open") };
        using var host = await StartAsync(Environments.Development, new() { ["Capabilities:Sms:Provider"] = "Acme", ["Capabilities:Sms:Fallback"] = "Null" }, acme);

        var requestId = Guid.NewGuid().ToString("N");
        await host.Services.GetRequiredService<ISmsGateway>().SendAsync(new SmsMessage(requestId, "0912345678", "Xin chào"), Cancellation);

        List<(string?, object?, object?, object?)> seen;
        lock (spans)
        {
            seen = [.. spans.Where(span => span.DisplayName == "Sms SendAsync").Select(span => (span.GetTagItem("vendor.name") as string, span.GetTagItem("vendor.fallback"), span.GetTagItem("vendor.outcome"), (object?)span.Status))];
        }

        Assert.Contains(("Acme", (object?)false, (object?)VendorFailureCodes.Unavailable, (object?)System.Diagnostics.ActivityStatusCode.Error), seen);
        Assert.Contains(("Null", (object?)true, (object?)"success", (object?)System.Diagnostics.ActivityStatusCode.Unset), seen);
    }

    [Fact]
    public async Task A_case_the_fallback_filed_while_the_provider_was_down_is_followed_there_by_its_qualified_reference()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Capabilities:ResidenceRegistry:Provider"] = "Acme", ["Capabilities:ResidenceRegistry:Fallback"] = "Null" });
        builder.Services.AddLogging();
        builder.AddVendorCapabilities();
        builder.AddVendorModule("Acme").Provides<IResidenceRegistry>(_ => new DownResidenceRegistry());
        using var host = builder.Build();
        await host.StartAsync(Cancellation);
        var registry = host.Services.GetRequiredService<IResidenceRegistry>();

        var filed = await registry.RegisterPermanentResidenceAsync(
            new ResidenceRegistration("part-1", "001302012347", "Lê Minh Châu", new DateOnly(2002, 11, 5), "001090012345", "Số 12 Đội Cấn", "00004", "125/2026"), Cancellation);
        var decided = await registry.GetCaseAsync(filed.Value!.Reference, Cancellation);
        var invalid = await registry.RemovePermanentResidenceAsync(new ResidenceRemoval("part-2", "12345", "Lê Minh Châu", new DateOnly(2026, 1, 10), "37/2026", "00004"), Cancellation);

        Assert.StartsWith("Null:CT-", filed.Value.Reference, StringComparison.Ordinal);
        Assert.Equal((filed.Value.Reference, ExternalCaseState.Approved), (decided.Value!.Reference, decided.Value.State));
        Assert.Equal(VendorFailureCodes.InvalidPersonalId, invalid.Failure!.Code);
    }

    [Fact]
    public async Task An_identity_card_the_fallback_filed_while_the_provider_was_down_is_followed_there_by_its_qualified_reference()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Capabilities:IdentityCardRegistry:Provider"] = "Acme", ["Capabilities:IdentityCardRegistry:Fallback"] = "Null" });
        builder.Services.AddLogging();
        builder.AddVendorCapabilities();
        builder.AddVendorModule("Acme").Provides<IIdentityCardRegistry>(_ => new DownIdentityCardRegistry());
        using var host = builder.Build();
        await host.StartAsync(Cancellation);
        var registry = host.Services.GetRequiredService<IIdentityCardRegistry>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

        var filed = await registry.IssueChildIdentityCardAsync(
            new ChildIdentityCard("part-1", "001090012345", "Nguyễn Văn An", today.AddYears(-1), "Nam", "125/2026", "001195012346", "Số 12 Đội Cấn"), Cancellation);
        var decided = await registry.GetCaseAsync(filed.Value!.Reference, Cancellation);
        var invalid = await registry.IssueChildIdentityCardAsync(
            new ChildIdentityCard("part-2", "001090012345", "Nguyễn Văn An", today.AddYears(-1), "Nam", "125/2026", "12345", "Số 12 Đội Cấn"), Cancellation);

        Assert.StartsWith("Null:CC-", filed.Value.Reference, StringComparison.Ordinal);
        Assert.Equal(filed.Value.Reference, decided.Value!.Reference);
        Assert.Equal(ExternalCaseState.Refused, decided.Value.State);
        Assert.Equal(VendorFailureCodes.InvalidPersonalId, invalid.Failure!.Code);
    }

    [Fact]
    public async Task A_business_rejection_by_the_provider_is_never_sent_to_the_fallback()
    {
        var acme = new FakeSms { Answer = VendorFailure.Invalid(VendorFailureCodes.InvalidPhoneNumber, "not a subscriber") };
        using var host = await StartAsync(Environments.Development, new() { ["Capabilities:Sms:Provider"] = "Acme", ["Capabilities:Sms:Fallback"] = "Null" }, acme);

        var receipt = await host.Services.GetRequiredService<ISmsGateway>().SendAsync(new SmsMessage("r1", "0912345678", "Xin chào"), Cancellation);

        Assert.Equal(VendorFailureCodes.InvalidPhoneNumber, receipt.Failure?.Code);
    }

    [Fact]
    public async Task A_chosen_vendor_modules_missing_setting_stops_the_host_naming_it()
    {
        var refusal = await RefusedAsync(Environments.Development, new() { ["Capabilities:Sms:Provider"] = "Null", ["Capabilities:Sms:Fallback"] = "Acme" }, new FakeSms(), acme => acme.AddOptions<AcmeOptions>());

        Assert.Contains("BaseAddress", refusal, StringComparison.Ordinal);
        Assert.Contains(nameof(AcmeOptions), refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LGSP_serves_residence_social_insurance_and_identity_cards_when_chosen_and_its_missing_settings_stop_the_host_naming_them()
    {
        Dictionary<string, string?> chosen = new() { ["Capabilities:ResidenceRegistry"] = "LGSP", ["Capabilities:SocialInsurance"] = "lgsp", ["Capabilities:IdentityCardRegistry"] = "LGSP" };

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = await StartWithLgspAsync(new(chosen) { ["Vendors:LGSP:BaseUrl"] = "http://127.0.0.1:9/lgsp/" });
        });
        using var configured = await StartWithLgspAsync(new(chosen) { ["Vendors:LGSP:BaseUrl"] = "http://127.0.0.1:9/lgsp/", ["Vendors:LGSP:ConsumerKey"] = "c", ["Vendors:LGSP:ApiKey"] = "k" });

        Assert.Contains("ConsumerKey", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("ApiKey", refusal.Message, StringComparison.Ordinal);
        var selection = configured.Services.GetRequiredService<VendorCapabilitySelection>();
        Assert.Equal(("LGSP", "LGSP", "LGSP"),
            (selection.Of(VendorCapability.ResidenceRegistry).Provider, selection.Of(VendorCapability.SocialInsurance).Provider, selection.Of(VendorCapability.IdentityCardRegistry).Provider));
        Assert.Equal(("Null", true), (selection.Of(VendorCapability.PopulationRegistry).Provider, selection.Of(VendorCapability.PopulationRegistry).Defaulted));
        Assert.NotNull(configured.Services.GetRequiredService<IResidenceRegistry>());
        Assert.NotNull(configured.Services.GetRequiredService<ISocialInsurance>());
        Assert.NotNull(configured.Services.GetRequiredService<IIdentityCardRegistry>());
    }

    [Fact]
    public async Task A_vendor_module_that_serves_no_capability_needs_no_settings_and_its_health_is_not_checked()
    {
        using var host = await StartAsync(Environments.Development, [], new FakeSms(), acme => acme.AddOptions<AcmeOptions>());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Cancellation);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("serves no capability", report.Entries["vendor-acme"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vendor_registers_once_under_a_plain_name()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddVendorModule("Acme").Provides<ISmsGateway, FakeSms>();

        Assert.Throws<InvalidOperationException>(() => builder.AddVendorModule("ACME"));
        Assert.Throws<ArgumentException>(() => builder.AddVendorModule("Acme Corp"));
        Assert.Throws<ArgumentException>(() => builder.AddVendorModule("Other").Provides<IDisposable, MemoryStream>());
    }

    private static Dictionary<string, string?> Everything(string vendor, params (string Key, string Value)[] overrides)
    {
        var settings = Enum.GetNames<VendorCapability>().ToDictionary(name => $"Capabilities:{name}", _ => (string?)vendor);
        foreach (var (key, value) in overrides)
        {
            settings.Remove(key[..key.LastIndexOf(':')]);
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Acme serves every capability by <c>Capabilities:X:Provider</c>; the overrides then change or add settings.</summary>
    private static Dictionary<string, string?> RealVendorsAnd(params (string Key, string Value)[] overrides)
    {
        var settings = Enum.GetNames<VendorCapability>().ToDictionary(name => $"Capabilities:{name}:Provider", _ => (string?)"Acme");
        foreach (var (key, value) in overrides)
        {
            if (key.Count(letter => letter == ':') == 1)
            {
                settings.Remove($"{key}:Provider");
            }

            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Registers Acme for payment, signature, population data, residence, social insurance, identity cards and e-mail too; the host never calls them here.</summary>
    private static void ProvidesRealCapabilities(VendorModuleBuilder acme) => acme
        .Provides<IPaymentGateway>(_ => throw new NotSupportedException())
        .Provides<IDigitalSignatureProvider>(_ => throw new NotSupportedException())
        .Provides<IPopulationRegistry>(_ => throw new NotSupportedException())
        .Provides<IResidenceRegistry>(_ => throw new NotSupportedException())
        .Provides<ISocialInsurance>(_ => throw new NotSupportedException())
        .Provides<IIdentityCardRegistry>(_ => throw new NotSupportedException())
        .Provides<IEmailSender>(_ => throw new NotSupportedException());

    private static async Task<string> RefusedAsync(string environment, Dictionary<string, string?> settings, FakeSms? acme = null, Action<VendorModuleBuilder>? configureAcme = null)
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = await StartAsync(environment, settings, acme, configureAcme);
        });
        return refusal.Message;
    }

    private static async Task<IHost> StartAsync(
        string environment, Dictionary<string, string?> settings, FakeSms? acme = null, Action<VendorModuleBuilder>? configureAcme = null, Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        builder.Services.AddLogging();
        builder.AddVendorCapabilities();
        if (acme is not null || configureAcme is not null)
        {
            var module = builder.AddVendorModule("Acme").AddHealthCheck<FailingCheck>();
            if (acme is not null)
            {
                module.Provides<ISmsGateway>(_ => acme);
            }

            configureAcme?.Invoke(module);
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync(Cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static async Task<IHost> StartWithLgspAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddVendorCapabilities();
        builder.AddLgsp();
        var host = builder.Build();
        try
        {
            await host.StartAsync(Cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A residence system that cannot be reached, but checks its input first, as every provider must.</summary>
    private sealed class DownResidenceRegistry : IResidenceRegistry
    {
        public Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Fail<ExternalCase>(ExternalRequest.Problem(request) ?? VendorFailure.Unavailable("Acme is down.")));

        public Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Fail<ExternalCase>(ExternalRequest.Problem(request) ?? VendorFailure.Unavailable("Acme is down.")));

        public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Fail<ExternalCase>(VendorFailure.Unavailable("Acme is down.")));
    }

    /// <summary>An identity-card system that cannot be reached, but checks its input first, as every provider must.</summary>
    private sealed class DownIdentityCardRegistry : IIdentityCardRegistry
    {
        public Task<VendorResult<ExternalCase>> IssueChildIdentityCardAsync(ChildIdentityCard request, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Fail<ExternalCase>(ExternalRequest.Problem(request) ?? VendorFailure.Unavailable("Acme is down.")));

        public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Fail<ExternalCase>(VendorFailure.Unavailable("Acme is down.")));
    }

    private sealed class FailingCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Unhealthy("Acme does not answer."));
    }

    private sealed class AcmeOptions
    {
        [Required]
        public Uri? BaseAddress { get; set; }
    }

    /// <summary>A provider whose answer the test sets: success, unavailable, or a rejection.</summary>
    private sealed class FakeSms : ISmsGateway
    {
        public VendorFailure? Answer { get; init; }

        public int Calls { get; private set; }

        public Task<VendorResult<SmsReceipt>> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Answer is null
                ? VendorResult.Success(new SmsReceipt("acme-1", message.RequestId, DateTimeOffset.UtcNow))
                : VendorResult.Fail<SmsReceipt>(Answer));
        }

        public Task<VendorResult<SmsDeliveryStatus>> GetDeliveryStatusAsync(string messageId, CancellationToken cancellationToken) =>
            Task.FromResult(VendorResult.Success(new SmsDeliveryStatus(messageId, SmsDeliveryState.Delivered, DateTimeOffset.UtcNow)));
    }
}
