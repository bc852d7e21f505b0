using System.Text.Json;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Vendors;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Reads the platform API's JSON answers into the records below. They are the test's own, named and shaped as the
/// wire has them (enums as their names, ids as strings), so a change of the API's JSON fails a test instead of
/// following a rename inside a module. Answers that are a module's public contract (<see cref="Actor"/>,
/// <see cref="Official"/>, <see cref="ChainReport"/>, <see cref="AgencyStatistics"/>, <see cref="SignatureVerification"/>,
/// <see cref="FeeLine"/>) are read into it.
/// </summary>
internal static class ApiAnswers
{
    // A field the record names but the answer lacks, or a null where the record allows none, fails the read.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>The body as <typeparamref name="T"/>; fails the test, with the body, when it is not JSON of that shape.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            Assert.Fail($"{(int)response.StatusCode} is not a {typeof(T).Name}: {error.Message} {text}");
            throw;
        }
    }
}

/// <summary>RFC 9457 problem details with the platform's extensions: the <c>field</c> and <c>rule</c> at fault, the validation <c>errors</c>, and on a conflict the dossier as it stands.</summary>
internal sealed record Problem(
    string? Type = null,
    string? Title = null,
    int? Status = null,
    string? Detail = null,
    string? Field = null,
    string? Rule = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    string? TraceId = null,
    int? CurrentVersion = null,
    int? CurrentStatus = null,
    IReadOnlyList<HistoryEntry>? Changes = null)
{
    /// <summary>The fields <see cref="Errors"/> names; empty when there are none.</summary>
    public IReadOnlyCollection<string> ErrorFields => Errors?.Keys.ToArray() ?? [];
}

/// <summary>A dossier as POST /api/dossiers, GET /api/dossiers/{id}, the actions and the lists answer it; a submission or a step answers without its <see cref="Deadline"/>.</summary>
internal sealed record Dossier(
    string Id,
    string Code,
    string ProcedureCode,
    int ProcedureVersion,
    string Agency,
    string ApplicantId,
    string ApplicantName,
    string Channel,
    string Status,
    int StatusCode,
    int Version,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    string? Deadline = null,
    string? AssigneeId = null,
    string? AssigneeName = null,
    string? ReceivingAgency = null,
    DateTimeOffset? HandedOverAt = null);

internal sealed record HistoryEntry(int Version, string Action, string Status, Actor Actor, string Channel, string? Reason, DateTimeOffset RecordedAt, string Hash);

internal sealed record AvailableAction(string Action, bool NeedsReason, bool NeedsNewDueAt, bool TakesDocuments, bool NeedsAssignee);

/// <summary>GET /api/dossiers/{id}/available-actions; <see cref="Status"/> is the national status code.</summary>
internal sealed record AvailableActions(int Version, int Status, IReadOnlyList<AvailableAction> Actions, bool CanPay, IReadOnlyList<string> Forms);

internal sealed record Attachment(string Id, string? DocumentCode, string FileName, string ContentType, long Size, string Sha256);

/// <summary>GET /api/me.</summary>
internal sealed record Caller(string Subject, string? Username, string? Name, string? Client, IReadOnlyList<string> Roles, string? Agency, string? PersonalId);

internal sealed record ProcedureFigures(
    string ProcedureCode, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

internal sealed record PeriodFigures(
    DateOnly Start, DateOnly End, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare, double? AverageProcessingHours,
    IReadOnlyList<ProcedureFigures> Procedures, long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

/// <summary>GET /api/statistics/dossiers/series.</summary>
internal sealed record StatisticsSeries(
    string? Agency, string Period, DateOnly From, DateOnly To, string? Procedure, string ProcessingTimeUnit, PeriodFigures Total, IReadOnlyList<PeriodFigures> Periods);

internal sealed record AgencyRank(
    int? Rank, string Agency, string AgencyName, string Level, long Received, long Processed, long OnTime, long Late, double? OnTimeRate, double OnlineShare,
    double? AverageProcessingHours, long ReceivedHere = 0, long ReceivedForOthers = 0, long TransferredIn = 0);

/// <summary>GET /api/statistics/agencies.</summary>
internal sealed record AgencyRanking(DateOnly From, DateOnly To, string? Procedure, string By, string ProcessingTimeUnit, IReadOnlyList<AgencyRank> Agencies);

internal sealed record InterlinkedFigures(
    string? Agency, string? GroupCode, long Received, long InProgress, long Overdue, long CompletedOnTime, long CompletedLate, long Closed, double? OnTimeRate);

/// <summary>GET /api/statistics/interlinked.</summary>
internal sealed record InterlinkedStatistics(
    string? Agency, DateOnly From, DateOnly To, InterlinkedFigures Total, IReadOnlyList<InterlinkedFigures> Groups, IReadOnlyList<InterlinkedFigures> Communes)
{
    public InterlinkedFigures Group(string code) => Groups.Single(group => group.GroupCode == code);
}

/// <summary>Where signing a result stands.</summary>
internal sealed record SigningView(string Status, int Attempt, string? TransactionId, string? Reason, DateTimeOffset? SignedAt, int? RecordedInVersion);

/// <summary>A result document with its signature as checked on this read.</summary>
internal sealed record ResultView(
    string Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, SigningView Signing, SignatureVerification? Verification);

/// <summary>A dossier's fee payment.</summary>
internal sealed record PaymentView(
    string OrderId, string PaymentId, long AmountVnd, IReadOnlyList<FeeLine> Lines, Uri RedirectUrl, DateTimeOffset ExpiresAt, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, int? ConfirmedInVersion, DateTimeOffset? RefundDueAt);

/// <summary>What the platform did with a gateway's callback.</summary>
internal sealed record CallbackAnswer(string Outcome, string? OrderId, string? Status);

/// <summary>The vendor sandbox's answer to its payer paying or cancelling an order: the signed callback it sent and where the browser went.</summary>
internal sealed record SandboxSettlement(Dictionary<string, string> Callback, string RedirectUrl, int? IpnStatus);

/// <summary>GET /api/dossiers/lookup: what anyone with the code and the applicant's last digits may read.</summary>
internal sealed record DossierLookup(string Code, string ProcedureCode, int Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, string Agency);

internal sealed record VendorCapabilityStatus(string Capability, string Provider, string? Fallback, bool Defaulted);

internal sealed record VendorHealth(string Check, string Status, string? Description);

/// <summary>GET /api/admin/vendors: which provider serves each capability, and how healthy each vendor is.</summary>
internal sealed record VendorsOverview(IReadOnlyList<VendorCapabilityStatus> Capabilities, IReadOnlyList<VendorHealth> Health);

/// <summary>GET /api/dossiers/vocabulary: the words of every status and step.</summary>
internal sealed record Vocabulary(IReadOnlyList<StatusWords> Statuses, IReadOnlyList<ActionWords> Actions);

/// <summary>GET /api/procedures/{code}: the procedure with the version in force on the day asked.</summary>
internal sealed record ProcedureView(string Code, string Name, string NameEn, string Field, string AgencyLevel, ProcedureVersion Version, DateOnly? RetiredFrom = null, string? ReplacedBy = null);

/// <summary>GET /api/procedures/{code}/due-date.</summary>
internal sealed record DueDate(string Procedure, int Version, string Channel, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, long Fee);

/// <summary>One part of an interlinked dossier, as GET /api/interlinked/{id} lists it.</summary>
internal sealed record InterlinkedPart(
    string Key, string Name, string ProcedureCode, string DecidedBy, string State, int Attempt, string? Reference, string? DossierId, DateTimeOffset? DueAt,
    string Deadline, bool Late, string? DocumentNumber, string? Summary, string? Reason, DateTimeOffset? StartedAt, DateTimeOffset? DecidedAt, string? WaitingFor,
    IReadOnlyList<string> Corrects, PartSentWith? SentWith);

/// <summary>What a part is sent with, of what its correction can change.</summary>
internal sealed record PartSentWith(string? HouseholderPersonalId, string? Address, SentClaim? Survivors);

internal sealed record SentClaim(string Form, IReadOnlyList<SentRelative> Relatives);

internal sealed record SentRelative(string PersonalId, string FullName, string Relationship, DateOnly DateOfBirth);

/// <summary>An interlinked dossier as GET /api/interlinked/{id} answers.</summary>
internal sealed record InterlinkedDossier(
    string Id, string Code, string ProcedureCode, string ProcedureName, string Agency, string ApplicantId, string ApplicantName, string Channel, int Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, bool Late, int Version, bool Completed, string? RegistrationNumber, string? SubjectPersonalId,
    IReadOnlyList<InterlinkedPart> Parts)
{
    public InterlinkedPart Part(string key) => Parts.Single(part => part.Key == key);
}
