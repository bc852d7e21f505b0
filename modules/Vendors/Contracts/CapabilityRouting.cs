using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Vendors;

/// <summary>
/// Sends a capability's calls to its provider and, while the provider is unavailable, to its fallback. Ids the
/// fallback issues come back qualified as <c>&lt;fallback&gt;:&lt;id&gt;</c>, so later calls about them (status,
/// signature, refund) reach the vendor that knows them.
/// </summary>
internal sealed partial class CapabilityRoute<T>(VendorCapability capability, string providerName, T provider, string? fallbackName, T? fallback, ILogger logger)
    where T : class
{
    private string? FallbackPrefix => fallbackName is null ? null : fallbackName + ":";

    public async Task<VendorResult<TResult>> StartAsync<TResult>(
        Func<T, Task<VendorResult<TResult>>> call, Func<TResult, Func<string, string>, TResult> qualify, [CallerMemberName] string operation = "")
    {
        var result = await CallProviderAsync(operation, call).ConfigureAwait(false);
        if (result.Succeeded || !result.Failure.IsUnavailable || fallback is null)
        {
            return result;
        }

        LogFallback(logger, capability, providerName, result.Failure.Code, fallbackName!);
        var fallbackResult = await CallFallbackAsync(operation, call).ConfigureAwait(false);
        return fallbackResult.Succeeded ? VendorResult.Success(qualify(fallbackResult.Value, Qualify)) : fallbackResult;
    }

    public async Task<VendorResult<TResult>> FollowAsync<TResult>(
        string id, Func<T, string, Task<VendorResult<TResult>>> call, Func<TResult, Func<string, string>, TResult> qualify, [CallerMemberName] string operation = "")
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IsFallbackId(id))
        {
            return await CallProviderAsync(operation, vendor => call(vendor, id)).ConfigureAwait(false);
        }

        var result = await CallFallbackAsync(operation, vendor => call(vendor, id[FallbackPrefix!.Length..])).ConfigureAwait(false);
        return result.Succeeded ? VendorResult.Success(qualify(result.Value, Qualify)) : result;
    }

    /// <summary>Both vendors' answers, the fallback's ids qualified; the provider's failure if it fails.</summary>
    public async Task<VendorResult<IReadOnlyList<TItem>>> BothAsync<TItem>(
        Func<T, Task<VendorResult<IReadOnlyList<TItem>>>> call, Func<TItem, Func<string, string>, TItem> qualify, [CallerMemberName] string operation = "")
    {
        var result = await CallProviderAsync(operation, call).ConfigureAwait(false);
        if (!result.Succeeded || fallback is null)
        {
            return result;
        }

        var fallbackResult = await CallFallbackAsync(operation, call).ConfigureAwait(false);
        return fallbackResult.Succeeded
            ? VendorResult.Success<IReadOnlyList<TItem>>([.. result.Value, .. fallbackResult.Value.Select(item => qualify(item, Qualify))])
            : fallbackResult;
    }

    public bool HasFallback => fallback is not null;

    public Task<VendorResult<TResult>> CallProviderAsync<TResult>(string operation, Func<T, Task<VendorResult<TResult>>> call) =>
        VendorTelemetry.MeasureAsync(capability, operation, providerName, fallback: false, () => call(provider));

    public Task<VendorResult<TResult>> CallFallbackAsync<TResult>(string operation, Func<T, Task<VendorResult<TResult>>> call) =>
        VendorTelemetry.MeasureAsync(capability, operation, fallbackName!, fallback: true, () => call(fallback!));

    public string Qualify(string id) => FallbackPrefix + id;

    public bool IsFallbackId(string? id) => fallback is not null && id is not null && id.StartsWith(FallbackPrefix!, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Capability}: {Provider} is unavailable ({Code}); {Fallback} serves the call")]
    private static partial void LogFallback(ILogger logger, VendorCapability capability, string provider, string code, string fallback);
}

internal sealed class RoutedDigitalSignatureProvider(CapabilityRoute<IDigitalSignatureProvider> route) : IDigitalSignatureProvider
{
    public Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken) =>
        route.StartAsync(
            provider => provider.ListCertificatesAsync(signerId, cancellationToken),
            (certificates, qualify) => [.. certificates.Select(certificate => certificate with { CredentialId = qualify(certificate.CredentialId) })]);

    /// <summary>A credential the fallback listed goes to the fallback; any other request to the provider first.</summary>
    public Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return route.IsFallbackId(request.CredentialId)
            ? route.FollowAsync(
                request.CredentialId!,
                (provider, credential) => provider.RequestSignatureAsync(request with { CredentialId = credential }, cancellationToken),
                (transaction, qualify) => transaction with { TransactionId = qualify(transaction.TransactionId) })
            : route.StartAsync(
                provider => provider.RequestSignatureAsync(request, cancellationToken),
                (transaction, qualify) => transaction with { TransactionId = qualify(transaction.TransactionId) });
    }

    public Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken) =>
        route.FollowAsync(
            transactionId,
            (provider, id) => provider.GetTransactionAsync(id, cancellationToken),
            (transaction, qualify) => transaction with { TransactionId = qualify(transaction.TransactionId) });

    public Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken) =>
        route.FollowAsync(
            transactionId,
            (provider, id) => provider.GetSignatureAsync(id, cancellationToken),
            (signature, qualify) => signature with { TransactionId = qualify(signature.TransactionId) });
}

internal sealed class RoutedSmsGateway(CapabilityRoute<ISmsGateway> route) : ISmsGateway
{
    public Task<VendorResult<SmsReceipt>> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        route.StartAsync(
            gateway => gateway.SendAsync(message, cancellationToken),
            (receipt, qualify) => receipt with { MessageId = qualify(receipt.MessageId) });

    public Task<VendorResult<SmsDeliveryStatus>> GetDeliveryStatusAsync(string messageId, CancellationToken cancellationToken) =>
        route.FollowAsync(
            messageId,
            (gateway, id) => gateway.GetDeliveryStatusAsync(id, cancellationToken),
            (status, qualify) => status with { MessageId = qualify(status.MessageId) });
}

internal sealed class RoutedEmailSender(CapabilityRoute<IEmailSender> route) : IEmailSender
{
    public Task<VendorResult<EmailReceipt>> SendAsync(EmailMessage message, CancellationToken cancellationToken) =>
        route.StartAsync(
            sender => sender.SendAsync(message, cancellationToken),
            (receipt, qualify) => receipt with { MessageId = qualify(receipt.MessageId) });
}

internal sealed class RoutedPaymentGateway(CapabilityRoute<IPaymentGateway> route) : IPaymentGateway
{
    public Task<VendorResult<PaymentCreated>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken cancellationToken) =>
        route.StartAsync(
            gateway => gateway.CreatePaymentAsync(request, cancellationToken),
            (created, qualify) => created with { PaymentId = qualify(created.PaymentId) });

    /// <summary>The provider judges first; a callback it finds tampered may be the fallback's, so the fallback judges it too.</summary>
    public async Task<VendorResult<PaymentCallbackResult>> VerifyCallbackAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        var result = await route.CallProviderAsync(nameof(VerifyCallbackAsync), gateway => gateway.VerifyCallbackAsync(callback, cancellationToken)).ConfigureAwait(false);
        if (!route.HasFallback || (result.Succeeded && result.Value.Verdict != PaymentCallbackVerdict.Tampered))
        {
            return result;
        }

        var fallbackResult = await route.CallFallbackAsync(nameof(VerifyCallbackAsync), gateway => gateway.VerifyCallbackAsync(callback, cancellationToken)).ConfigureAwait(false);
        return fallbackResult.Succeeded && fallbackResult.Value.Verdict != PaymentCallbackVerdict.Tampered
            ? VendorResult.Success(fallbackResult.Value with { PaymentId = fallbackResult.Value.PaymentId is { } id ? route.Qualify(id) : null })
            : result;
    }

    public Task<VendorResult<Payment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        route.FollowAsync(
            paymentId,
            (gateway, id) => gateway.GetPaymentAsync(id, cancellationToken),
            (payment, qualify) => payment with { PaymentId = qualify(payment.PaymentId) });

    public Task<VendorResult<Refund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return route.FollowAsync(
            request.PaymentId,
            (gateway, id) => gateway.RefundAsync(request with { PaymentId = id }, cancellationToken),
            (refund, qualify) => refund with { RefundId = qualify(refund.RefundId), PaymentId = qualify(refund.PaymentId) });
    }

    public Task<VendorResult<IReadOnlyList<Payment>>> ListForReconciliationAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken) =>
        route.BothAsync(
            gateway => gateway.ListForReconciliationAsync(periodStart, periodEnd, cancellationToken),
            (payment, qualify) => payment with { PaymentId = qualify(payment.PaymentId) });
}

internal sealed class RoutedPopulationRegistry(CapabilityRoute<IPopulationRegistry> route) : IPopulationRegistry
{
    public Task<VendorResult<PopulationRecord>> LookUpAsync(PersonLookup lookup, CancellationToken cancellationToken) =>
        route.StartAsync(registry => registry.LookUpAsync(lookup, cancellationToken), (record, _) => record);

    public Task<VendorResult<PopulationRecord>> RegisterBirthAsync(BirthRecord birth, CancellationToken cancellationToken) =>
        route.StartAsync(registry => registry.RegisterBirthAsync(birth, cancellationToken), (record, _) => record);
}

internal sealed class RoutedResidenceRegistry(CapabilityRoute<IResidenceRegistry> route) : IResidenceRegistry
{
    public Task<VendorResult<ExternalCase>> RegisterPermanentResidenceAsync(ResidenceRegistration request, CancellationToken cancellationToken) =>
        route.StartAsync(registry => registry.RegisterPermanentResidenceAsync(request, cancellationToken), QualifyCase);

    public Task<VendorResult<ExternalCase>> RemovePermanentResidenceAsync(ResidenceRemoval request, CancellationToken cancellationToken) =>
        route.StartAsync(registry => registry.RemovePermanentResidenceAsync(request, cancellationToken), QualifyCase);

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        route.FollowAsync(caseReference, (registry, reference) => registry.GetCaseAsync(reference, cancellationToken), QualifyCase);

    internal static ExternalCase QualifyCase(ExternalCase found, Func<string, string> qualify) => found with { Reference = qualify(found.Reference) };
}

internal sealed class RoutedSocialInsurance(CapabilityRoute<ISocialInsurance> route) : ISocialInsurance
{
    public Task<VendorResult<ExternalCase>> IssueChildHealthInsuranceCardAsync(ChildHealthInsuranceCard request, CancellationToken cancellationToken) =>
        route.StartAsync(insurance => insurance.IssueChildHealthInsuranceCardAsync(request, cancellationToken), RoutedResidenceRegistry.QualifyCase);

    public Task<VendorResult<ExternalCase>> PayFuneralAllowanceAsync(FuneralAllowance request, CancellationToken cancellationToken) =>
        route.StartAsync(insurance => insurance.PayFuneralAllowanceAsync(request, cancellationToken), RoutedResidenceRegistry.QualifyCase);

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        route.FollowAsync(caseReference, (insurance, reference) => insurance.GetCaseAsync(reference, cancellationToken), RoutedResidenceRegistry.QualifyCase);
}

internal sealed class RoutedIdentityCardRegistry(CapabilityRoute<IIdentityCardRegistry> route) : IIdentityCardRegistry
{
    public Task<VendorResult<ExternalCase>> IssueChildIdentityCardAsync(ChildIdentityCard request, CancellationToken cancellationToken) =>
        route.StartAsync(registry => registry.IssueChildIdentityCardAsync(request, cancellationToken), RoutedResidenceRegistry.QualifyCase);

    public Task<VendorResult<ExternalCase>> GetCaseAsync(string caseReference, CancellationToken cancellationToken) =>
        route.FollowAsync(caseReference, (registry, reference) => registry.GetCaseAsync(reference, cancellationToken), RoutedResidenceRegistry.QualifyCase);
}
