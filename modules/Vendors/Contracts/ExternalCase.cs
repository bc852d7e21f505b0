#pragma warning disable CS1591 // temporary copy of the caps branch contract
namespace HanoiEgov.Vendors;

public enum ExternalCaseState
{
    Pending,
    Approved,
    Refused,
}

public sealed record ExternalCase(string Reference, ExternalCaseState State, DateTimeOffset SubmittedAt, DateTimeOffset? DecidedAt, ExternalDecision? Decision, string? Reason);

public sealed record ExternalDecision(string DocumentNumber, string Summary);
