using HanoiEgov.Vendors;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>A person as a declaration names them: personal ID and full name.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DeclaredPerson")]
internal sealed record DeclaredPerson([property: Id(0)] string PersonalId, [property: Id(1)] string FullName);

/// <summary>The newborn's part of the interlinked declaration (birth, residence, health insurance).</summary>
/// <param name="HouseholderPersonalId">The head of the household the child is registered into.</param>
/// <param name="Address">The permanent address the child is registered at.</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.BirthDeclaration")]
internal sealed record BirthDeclaration(
    [property: Id(0)] string ChildName,
    [property: Id(1)] DateOnly DateOfBirth,
    [property: Id(2)] string Gender,
    [property: Id(3)] string PlaceOfBirth,
    [property: Id(4)] DeclaredPerson Mother,
    [property: Id(5)] DeclaredPerson? Father,
    [property: Id(6)] string HouseholderPersonalId,
    [property: Id(7)] string Address);

/// <summary>
/// The deceased's part of the interlinked declaration (death, residence removal, funeral allowance); the applicant
/// claims the funeral allowance, and the relatives named in <paramref name="Survivors"/> the survivor allowance.
/// </summary>
/// <param name="Survivors">The relatives' claim to the survivor allowance; null when none is made (and then not stored).</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.DeathDeclaration")]
internal sealed record DeathDeclaration(
    [property: Id(0)] DeclaredPerson Deceased,
    [property: Id(1)] DateOnly DateOfDeath,
    [property: Id(2)] string PlaceOfDeath,
    [property: Id(3)] string Relationship,
    [property: Id(4)] SurvivorDeclaration? Survivors = null);

/// <summary>The survivor allowance the deceased's relatives claim in the declaration (<see cref="SurvivorClaim"/>, as the declaration stores it).</summary>
/// <param name="Form"><see cref="SurvivorBenefitForms.Monthly"/> or <see cref="SurvivorBenefitForms.LumpSum"/>.</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.SurvivorDeclaration")]
internal sealed record SurvivorDeclaration([property: Id(0)] string Form, [property: Id(1)] IReadOnlyList<SurvivingRelative> Relatives)
{
    /// <summary>The claim as BHXH's request carries it.</summary>
    public SurvivorClaim Claim() =>
        new(Form, [.. Relatives.Select(relative => new DeclaredSurvivor(relative.PersonalId, relative.FullName, relative.Relationship, relative.DateOfBirth))]);
}

/// <summary>A relative who claims the survivor allowance (<see cref="DeclaredSurvivor"/>, as the declaration stores it).</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.SurvivingRelative")]
internal sealed record SurvivingRelative(
    [property: Id(0)] string PersonalId, [property: Id(1)] string FullName, [property: Id(2)] string Relationship, [property: Id(3)] DateOnly DateOfBirth);

/// <summary>What the applicant declared once, for every part: a birth or a death.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.InterlinkedDeclaration")]
internal sealed record InterlinkedDeclaration([property: Id(0)] BirthDeclaration? Birth, [property: Id(1)] DeathDeclaration? Death);

/// <summary>
/// A correction of a refused part, resubmitted by the applicant: the fields that part's request takes from the
/// declaration; each null one is sent again as declared.
/// </summary>
/// <param name="Survivors">The funeral-allowance part's survivors' claim as corrected, in place of the declared one.</param>
/// <param name="SurvivorsWithdrawn">True: the declared survivors' claim is withdrawn, and the funeral allowance is claimed alone; null otherwise (and then not stored).</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.PartCorrection")]
internal sealed record PartCorrection(
    [property: Id(0)] string? HouseholderPersonalId = null, [property: Id(1)] string? Address = null, [property: Id(2)] SurvivorDeclaration? Survivors = null,
    [property: Id(3)] bool? SurvivorsWithdrawn = null);

/// <summary>Where a part stands.</summary>
internal enum PartState
{
    /// <summary>Waiting for the parts it comes after.</summary>
    Planned,

    /// <summary>Its dossier or its external request exists; no decision yet.</summary>
    Started,

    Approved,

    Refused,
}

/// <summary>One part of an interlinked dossier, at its latest attempt.</summary>
/// <param name="Reference">The part's dossier id (commune part) or the external system's case reference.</param>
/// <param name="WaitingFor">The system the part waits for while it cannot be reached; null otherwise.</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.PartSnapshot")]
internal sealed record PartSnapshot(
    [property: Id(0)] string Key,
    [property: Id(1)] string Name,
    [property: Id(2)] string ProcedureCode,
    [property: Id(3)] string DecidedBy,
    [property: Id(4)] int Attempt,
    [property: Id(5)] Guid PartId,
    [property: Id(6)] PartState State,
    [property: Id(7)] string? Reference = null,
    [property: Id(8)] DateTimeOffset? StartedAt = null,
    [property: Id(9)] DateTimeOffset? DueAt = null,
    [property: Id(10)] string? DocumentNumber = null,
    [property: Id(11)] string? Summary = null,
    [property: Id(12)] string? Reason = null,
    [property: Id(13)] DateTimeOffset? DecidedAt = null,
    [property: Id(14)] string? WaitingFor = null,
    [property: Id(15)] PartCorrection? Correction = null,
    [property: Id(16)] IReadOnlyList<string>? After = null);

/// <summary>An interlinked dossier (hồ sơ liên thông) as its events leave it.</summary>
/// <param name="Agency">The commune or ward that received it and decides its civil-status part.</param>
/// <param name="RegistrationNumber">The civil-status part's registration number, once decided; it feeds the other parts' requests.</param>
/// <param name="SubjectPersonalId">The child's personal ID as the population registry issued it, or the deceased's.</param>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.InterlinkedSnapshot")]
internal sealed record InterlinkedSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string GroupCode,
    [property: Id(3)] int GroupVersion,
    [property: Id(4)] string Agency,
    [property: Id(5)] string ApplicantId,
    [property: Id(6)] string ApplicantName,
    [property: Id(7)] string Channel,
    [property: Id(8)] int Version,
    [property: Id(9)] DateTimeOffset ReceivedAt,
    [property: Id(10)] DateTimeOffset DueAt,
    [property: Id(11)] InterlinkedDeclaration Declaration,
    [property: Id(12)] IReadOnlyList<PartSnapshot> Parts,
    [property: Id(13)] string? RegistrationNumber = null,
    [property: Id(14)] string? SubjectPersonalId = null,
    [property: Id(15)] bool Completed = false)
{
    /// <summary>The national status code the parts give the whole (<see cref="InterlinkedStatus"/>).</summary>
    public DossierStatus Status(DossierStatus? communePartStatus) => InterlinkedStatus.Of(this, communePartStatus);

    public PartSnapshot Part(string key) => Parts.Single(part => part.Key == key);

    public PartSnapshot CommunePart => Parts[0];
}

/// <summary>A submission of an interlinked dossier, online by a citizen or at the counter by a clerk.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.SubmitInterlinked")]
internal sealed record SubmitInterlinked(
    [property: Id(0)] string GroupCode,
    [property: Id(1)] string Agency,
    [property: Id(2)] string ApplicantId,
    [property: Id(3)] string ApplicantName,
    [property: Id(4)] string Channel,
    [property: Id(5)] Actor Actor,
    [property: Id(6)] InterlinkedDeclaration Declaration,
    [property: Id(7)] IReadOnlyList<AttachedDocument> Documents,
    [property: Id(8)] string AttachmentOwner);

/// <summary>The applicant's correction of a refused part.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.ResubmitPart")]
internal sealed record ResubmitPart([property: Id(0)] string Key, [property: Id(1)] PartCorrection Correction, [property: Id(2)] Actor Actor);

/// <summary>The interlinked dossier and its commune part's status, or why a command was refused.</summary>
[GenerateSerializer, Immutable]
[Alias("HanoiEgov.Dossiers.InterlinkedResult")]
internal sealed record InterlinkedResult(
    [property: Id(0)] InterlinkedSnapshot? Dossier, [property: Id(1)] DossierRefusal? Refusal, [property: Id(2)] DossierStatus? CommunePartStatus = null)
{
    public static InterlinkedResult Failed(DossierRefusal refusal) => new(null, refusal);
}
