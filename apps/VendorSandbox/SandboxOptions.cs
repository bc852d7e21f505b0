namespace HanoiEgov.VendorSandbox;

/// <summary>How the signer's phone behaves when nobody plays it through the sandbox's phone endpoints.</summary>
internal enum AutoConfirm
{
    Off,
    Confirm,
    Reject,
}

/// <summary>
/// The <c>Sandbox</c> configuration section. Credentials are the ones the platform's vendor modules are given too
/// (the AppHost generates them); nothing secret has a default.
/// </summary>
internal sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Where each face keeps its test CA (root, issuing CA, signers' keys) between runs.</summary>
    public string StateDirectory { get; set; } = "";

    public SigningBehaviour Signing { get; set; } = new();

    public TimeSpan SmsDeliveryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>While true, every vendor API of every face answers 503 at once, as a vendor outage would (the test hooks still answer).</summary>
    public bool Outage { get; set; }

    /// <summary>Added before every vendor API answer, to exercise the modules' timeouts.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public VnptCredentials Vnpt { get; set; } = new();

    public ViettelCredentials Viettel { get; set; } = new();

    public FptCredentials Fpt { get; set; } = new();

    public LgspBehaviour Lgsp { get; set; } = new();

    /// <summary>Names every setting that must be given and is not.</summary>
    public IEnumerable<string> Missing()
    {
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            yield return $"{Section}:StateDirectory";
        }

        foreach (var (name, value) in new[]
                 {
                     ("Vnpt:SpId", Vnpt.SpId), ("Vnpt:SpPassword", Vnpt.SpPassword), ("Vnpt:Brandname", Vnpt.Brandname),
                     ("Viettel:ClientId", Viettel.ClientId), ("Viettel:ClientSecret", Viettel.ClientSecret),
                     ("Viettel:MerchantCode", Viettel.MerchantCode), ("Viettel:HashKey", Viettel.HashKey),
                     ("Fpt:RelyingParty", Fpt.RelyingParty), ("Fpt:RelyingPartyPassword", Fpt.RelyingPartyPassword),
                     ("Lgsp:ConsumerKey", Lgsp.ConsumerKey), ("Lgsp:ApiKey", Lgsp.ApiKey),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{Section}:{name}";
            }
        }
    }
}

internal sealed class SigningBehaviour
{
    public AutoConfirm AutoConfirm { get; set; } = AutoConfirm.Off;

    /// <summary>How long the automated phone waits before it answers.</summary>
    public TimeSpan ConfirmDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long a signing request waits for the signer before it expires.</summary>
    public TimeSpan TransactionLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>VNPT SmartCA service-provider credentials; the SMS brandname agent uses the same pair.</summary>
internal sealed class VnptCredentials
{
    public string SpId { get; set; } = "";

    public string SpPassword { get; set; } = "";

    public string Brandname { get; set; } = "HANOI-EGOV";
}

internal sealed class ViettelCredentials
{
    /// <summary>OAuth2 client of MySign (client credentials).</summary>
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string MerchantCode { get; set; } = "";

    /// <summary>The payment gateway's shared key for request and callback checksums (HMAC-SHA256).</summary>
    public string HashKey { get; set; } = "";
}

internal sealed class FptCredentials
{
    public string RelyingParty { get; set; } = "";

    public string RelyingPartyPassword { get; set; } = "";
}

/// <summary>The provincial data-sharing platform's face: its gateway credentials and how its systems behave.</summary>
internal sealed class LgspBehaviour
{
    /// <summary>The platform's application at the LGSP gateway (header <c>X-Consumer-Key</c>).</summary>
    public string ConsumerKey { get; set; } = "";

    /// <summary>The application's API key (header <c>apikey</c>).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long the police's residence system takes to decide a case.</summary>
    public TimeSpan ResidenceDecisionDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long Social Security takes to decide a case.</summary>
    public TimeSpan InsuranceDecisionDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the police's identity-card system takes to decide a case.</summary>
    public TimeSpan IdentityCardDecisionDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>While true, the residence system's services answer 503 (LGSP and the other faces still answer).</summary>
    public bool ResidenceDown { get; set; }

    /// <summary>While true, Social Security's services answer 503.</summary>
    public bool InsuranceDown { get; set; }

    /// <summary>While true, the identity-card system's services answer 503.</summary>
    public bool IdentityCardDown { get; set; }
}
