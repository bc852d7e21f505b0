namespace HanoiEgov.PortalShell;

/// <summary>One step of a dossier's timeline as a person reads it: what, when, by whom (a role or an agency, never an account id).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string What, string Who, string? Reason);

/// <summary>A question asked before an action that cannot be undone.</summary>
public sealed record ConfirmPanel(string Question, string Detail, string Yes, string Action, string Cancel, IReadOnlyList<(string Name, string Value)> Fields);
