namespace HanoiEgov.Modules.Dossiers;

/// <summary>The national status codes of a dossier (TrangThaiHoSo), as reported to the national portal.</summary>
public enum DossierStatus
{
    NewlyRegistered = 1,
    Received = 2,
    Refused = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    ProcessingStopped = 8,
    Processed = 9,
    ResultReturned = 10,
}

/// <summary>What can happen to a dossier; each is one event in its history.</summary>
public enum DossierAction
{
    SubmitOnline,
    RegisterAtCounter,
    Accept,
    Refuse,
    StartProcessing,
    RequestSupplement,
    ProvideSupplement,
    RequestPayment,
    ConfirmPayment,
    StopProcessing,
    Approve,
    ReturnResult,
    Withdraw,
}

/// <summary>Who did something to a dossier, in which role and for which agency.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.Actor")]
public sealed record Actor([property: Id(0)] string UserId, [property: Id(1)] string Role, [property: Id(2)] string? Agency);

/// <summary>What the chain verifier found wrong with one stored event.</summary>
public sealed record ChainProblem(int Version, string Problem);

/// <summary>The verifier's verdict on one dossier's stored history.</summary>
public sealed record ChainReport(Guid DossierId, int EventCount, bool Intact, IReadOnlyList<ChainProblem> Problems);
