using System.Globalization;

namespace HanoiEgov.PortalShell.Platform;

/// <summary>One part of an interlinked dossier as the platform gives it (GET /api/interlinked/{id}).</summary>
/// <param name="Corrects">The platform's fields a correction of the part takes when refused; empty: it is sent again as declared.</param>
/// <param name="SentWith">Those fields as the part's next attempt is sent them, to start its correction from.</param>
public sealed record InterlinkedPart(
    string Key, string Name, string ProcedureCode, string DecidedBy, string State, int Attempt, string? Reference, Guid? DossierId, DateTimeOffset? DueAt,
    string Deadline, bool Late, string? DocumentNumber, string? Summary, string? Reason, DateTimeOffset? DecidedAt, string? WaitingFor,
    IReadOnlyList<string>? Corrects = null, PartSentWith? SentWith = null)
{
    public bool Refused => State == "Refused";

    /// <summary>Late: decided after its due time, or undecided past it.</summary>
    public bool Overdue => Late || Deadline == "overdue";
}

/// <summary>What a part is sent with, of what its correction can change.</summary>
public sealed record PartSentWith(string? HouseholderPersonalId, string? Address, SentSurvivors? Survivors);

/// <summary>The survivors' claim a funeral allowance is sent with: its form and relatives.</summary>
public sealed record SentSurvivors(string Form, IReadOnlyList<SentRelative> Relatives);

public sealed record SentRelative(string PersonalId, string FullName, string Relationship, DateOnly DateOfBirth);

/// <summary>An interlinked dossier (liên thông): one code and one due time for the whole, and its parts.</summary>
public sealed record InterlinkedDossier(
    Guid Id, string Code, string ProcedureCode, string ProcedureName, string Agency, string ApplicantId, string ApplicantName, string Channel, int Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, string Deadline, bool Late, int Version, bool Completed, string? RegistrationNumber, string? SubjectPersonalId,
    IReadOnlyList<InterlinkedPart> Parts)
{
    public bool Overdue => Late || Deadline == "overdue";
}

/// <summary>An interlinked dossier with the words its page shows: its national status and the receiving agency's name.</summary>
public sealed record InterlinkedPage(InterlinkedDossier Dossier, StatusTerm Status, string AgencyName, bool ForOfficials);

/// <summary>The words of interlinked dossiers, in one place for both portals.</summary>
public static class InterlinkedWords
{
    /// <summary>Birth registration and death registration: the first part of every interlinked birth or death group.</summary>
    public const string BirthRegistration = "1.001193";

    public const string DeathRegistration = "1.000656";

    /// <summary>The catalogue's field of interlinked procedures.</summary>
    public const string Field = "Liên thông";

    /// <summary>The citizen portal's form of an interlinked procedure, by its first part; null for an ordinary procedure.</summary>
    public static string? FormOf(Procedure procedure) => procedure.Version.FirstPart switch
    {
        BirthRegistration => "/interlinked/birth",
        DeathRegistration => "/interlinked/death",
        _ => null,
    };

    /// <summary>
    /// Every interlinked group of the catalogue, those in force then those retired (their dossiers are still followed),
    /// each as its code and a label naming its kind and, when retired, the day it stopped taking dossiers.
    /// </summary>
    public static async Task<IReadOnlyList<(string Code, string Label)>> GroupsAsync(Catalogue catalogue)
    {
        var inForce = (await catalogue.ProceduresAsync()).Where(procedure => procedure.Version.FirstPart is not null).OrderBy(BirthsFirst)
            .Select(procedure => (procedure.Code, $"{Kind(procedure)} ({procedure.Code})"));
        var retired = (await catalogue.RetiredProceduresAsync()).Where(procedure => procedure.Version.FirstPart is not null).OrderBy(BirthsFirst)
            .Select(procedure => (procedure.Code, Words.L(
                string.Create(CultureInfo.InvariantCulture, $"{Kind(procedure)} ({procedure.Code}, trước {procedure.RetiredFrom:dd/MM/yyyy})"),
                string.Create(CultureInfo.InvariantCulture, $"{Kind(procedure)} ({procedure.Code}, before {procedure.RetiredFrom:d MMM yyyy})"))));
        return [.. inForce, .. retired];
    }

    private static int BirthsFirst(Procedure procedure) => procedure.Version.FirstPart == BirthRegistration ? 0 : 1;

    private static string Kind(Procedure procedure) => procedure.Version.FirstPart switch
    {
        BirthRegistration => Words.L("Khai sinh", "Births"),
        DeathRegistration => Words.L("Khai tử", "Deaths"),
        _ => Words.L(procedure.Name, procedure.NameEn),
    };

    public static string State(string state) => state switch
    {
        "Planned" => Words.L("Chờ phần trước", "Waiting for an earlier part"),
        "Started" => Words.L("Đang giải quyết", "In progress"),
        "Approved" => Words.L("Đã có kết quả", "Result issued"),
        "Refused" => Words.L("Bị từ chối", "Refused"),
        _ => state,
    };

    public static string StateTone(string state) => state switch
    {
        "Approved" => "ok",
        "Refused" => "bad",
        "Started" => "info",
        _ => "muted",
    };

    public static async Task<InterlinkedPage?> LoadInterlinkedPageAsync(this PlatformApi api, DossierVocabulary vocabulary, Catalogue catalogue, Guid id, bool forOfficials)
    {
        if ((await api.GetAsync<InterlinkedDossier>($"/api/interlinked/{id}")).Value is not { } dossier)
        {
            return null;
        }

        return new InterlinkedPage(dossier, await vocabulary.StatusAsync(dossier.Status), await catalogue.AgencyNameAsync(dossier.Agency), forOfficials);
    }
}
