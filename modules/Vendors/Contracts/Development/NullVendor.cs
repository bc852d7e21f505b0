using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors;

/// <summary>
/// The development providers, vendor <c>Null</c>: nothing leaves the platform. They log what they would send and
/// behave like a vendor in memory (idempotency, validation, failure codes), so the platform runs and its flows can
/// be tried without any vendor: the SMS and e-mail "senders" log, the population registry knows the realm's demo
/// citizens (and the children whose births it registered), the residence, social-insurance and identity-card
/// "systems" decide each case at its first status check, the payment gateway "pays" at once with a signed callback, and the signature provider signs with a
/// development CA generated in memory at start (not trusted by anything else). Settings in <c>Vendors:Null</c>
/// (<see cref="NullVendorOptions"/>). They pass the conformance kit.
/// </summary>
public static class NullVendor
{
    /// <summary>The vendor name configuration uses for the development providers.</summary>
    public const string Name = "Null";

    internal static IHostApplicationBuilder AddNullVendor(this IHostApplicationBuilder builder)
    {
        var vendor = builder.AddVendorModule(Name);
        vendor.AddOptions<NullVendorOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new NullVendorState(services.GetRequiredService<IOptions<NullVendorOptions>>().Value.SimulateOutage));
        vendor.Provides<IDigitalSignatureProvider, NullDigitalSignatureProvider>()
            .Provides<ISmsGateway, NullSmsGateway>()
            .Provides<IEmailSender, NullEmailSender>()
            .Provides<IPaymentGateway, NullPaymentGateway>()
            .Provides<IPopulationRegistry, NullPopulationRegistry>()
            .Provides<IResidenceRegistry, NullResidenceRegistry>()
            .Provides<ISocialInsurance, NullSocialInsurance>()
            .Provides<IIdentityCardRegistry, NullIdentityCardRegistry>();
        return builder;
    }
}

/// <summary>Settings of the development providers, <c>Vendors:Null</c>.</summary>
public sealed class NullVendorOptions
{
    /// <summary>The signer "confirms" every signing request by itself, at the first status check. Default true.</summary>
    public bool AutoConfirmSigning { get; set; } = true;

    /// <summary>How long a signing request waits for the signer before it expires. Default 5 minutes.</summary>
    public TimeSpan SigningTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every call answers <c>unavailable</c>, to try the platform's handling of a vendor outage. Default false.</summary>
    public bool SimulateOutage { get; set; }
}

/// <summary>State every development provider shares: the simulated outage switch, and the children registered at birth.</summary>
internal sealed class NullVendorState(bool outage)
{
    public bool Outage { get; set; } = outage;

    /// <summary>The children the development registry issued personal IDs to, by personal ID.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (string PersonalId, string FullName, DateOnly DateOfBirth, string Gender)> Born { get; } = new(StringComparer.Ordinal);

    /// <summary>A demo citizen or a child registered at birth.</summary>
    public (string PersonalId, string FullName, DateOnly DateOfBirth, string Gender)? Person(string? personalId) =>
        personalId is null ? null
        : Born.TryGetValue(personalId, out var child) ? child
        : DemoPeople.Citizens.Where(citizen => citizen.PersonalId == personalId).Select(citizen => ((string, string, DateOnly, string)?)citizen).FirstOrDefault();

    public VendorFailure? Unavailable => Outage ? VendorFailure.Unavailable("The development vendor simulates an outage (Vendors:Null:SimulateOutage).") : null;
}

/// <summary>The realm's demo users, the people the development providers know.</summary>
internal static class DemoPeople
{
    public static readonly IReadOnlyList<(string PersonalId, string FullName, DateOnly DateOfBirth, string Gender)> Citizens =
    [
        ("001090012345", "Nguyễn Văn An", new DateOnly(1990, 3, 14), "Nam"),
        ("001195012346", "Trần Thị Bình", new DateOnly(1995, 8, 2), "Nữ"),
        ("001302012347", "Lê Minh Châu", new DateOnly(2002, 11, 20), "Nữ"),
    ];

    /// <summary>Signer id to name: the heads and clerks by user name, the heads (as the platform signs with them) and citizens by personal ID.</summary>
    public static readonly IReadOnlyDictionary<string, string> Signers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["head.badinh"] = "Hoàng Quốc Hùng",
        ["head.hoankiem"] = "Đặng Văn Minh",
        ["001078012348"] = "Hoàng Quốc Hùng",
        ["001082012349"] = "Đặng Văn Minh",
        ["clerk.badinh"] = "Phạm Thị Dung",
        ["clerk.hoankiem"] = "Vũ Thị Lan",
        ["001090012345"] = "Nguyễn Văn An",
        ["001195012346"] = "Trần Thị Bình",
        ["001302012347"] = "Lê Minh Châu",
    };

    public static string Mask(string value) => value.Length <= 4 ? "****" : new string('*', value.Length - 4) + value[^4..];
}
