namespace HanoiEgov.Vendors;

/// <summary>
/// What a vendor module can provide. The name is the configuration key: <c>Capabilities:DigitalSignature = VNPT</c>.
/// </summary>
public enum VendorCapability
{
    /// <summary><see cref="IDigitalSignatureProvider"/>.</summary>
    DigitalSignature,

    /// <summary><see cref="ISmsGateway"/>.</summary>
    Sms,

    /// <summary><see cref="IEmailSender"/>.</summary>
    Email,

    /// <summary><see cref="IPaymentGateway"/>.</summary>
    Payment,

    /// <summary><see cref="IPopulationRegistry"/>.</summary>
    PopulationRegistry,

    /// <summary><see cref="IResidenceRegistry"/>: the police's residence system, through the provincial data-sharing platform.</summary>
    ResidenceRegistry,

    /// <summary><see cref="ISocialInsurance"/>: Social Security (BHXH), through the provincial data-sharing platform.</summary>
    SocialInsurance,

    /// <summary><see cref="IIdentityCardRegistry"/>: the police's identity-card system, through the provincial data-sharing platform.</summary>
    IdentityCardRegistry,
}

/// <summary>The contract interface behind each capability.</summary>
public static class VendorCapabilities
{
    /// <summary>The interface a provider of <paramref name="capability"/> implements.</summary>
    public static Type ContractOf(VendorCapability capability) => capability switch
    {
        VendorCapability.DigitalSignature => typeof(IDigitalSignatureProvider),
        VendorCapability.Sms => typeof(ISmsGateway),
        VendorCapability.Email => typeof(IEmailSender),
        VendorCapability.Payment => typeof(IPaymentGateway),
        VendorCapability.PopulationRegistry => typeof(IPopulationRegistry),
        VendorCapability.ResidenceRegistry => typeof(IResidenceRegistry),
        VendorCapability.SocialInsurance => typeof(ISocialInsurance),
        VendorCapability.IdentityCardRegistry => typeof(IIdentityCardRegistry),
        _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, "Not a vendor capability."),
    };

    /// <summary>The capability whose contract is <paramref name="contract"/>; throws for any other type.</summary>
    public static VendorCapability Of(Type contract) =>
        Enum.GetValues<VendorCapability>().Cast<VendorCapability?>().FirstOrDefault(capability => ContractOf(capability!.Value) == contract)
        ?? throw new ArgumentException($"{contract} is not a vendor capability contract; use one of {string.Join(", ", Enum.GetValues<VendorCapability>().Select(ContractOf).Select(type => type.Name))}.", nameof(contract));
}

/// <summary>A vendor module provides a capability: what <see cref="VendorModuleBuilder.Provides{TContract, TImplementation}"/> records.</summary>
/// <param name="Vendor">The vendor's name as registered ("VNPT").</param>
/// <param name="Capability">What it provides.</param>
public sealed record VendorRegistration(string Vendor, VendorCapability Capability);
