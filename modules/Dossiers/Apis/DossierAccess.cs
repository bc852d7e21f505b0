using System.Security.Claims;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>
/// Who may see and act on a dossier. Its applicant (a citizen whose personal ID is the dossier's) and the officials of
/// its competent agency and of the agency that received it (the same one unless it was received elsewhere in the
/// province) see it; the competent agency's officials alone handle its results; platform administrators verify its
/// history too. Anyone else is told the dossier does not exist (<see cref="NotFound"/>), so its id reveals nothing.
/// </summary>
internal sealed class DossierAccess(DossierQueries queries)
{
    /// <summary>The dossier when the caller is its applicant or an official of its competent or receiving agency; null otherwise.</summary>
    public async Task<DossierSummary?> VisibleAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && (IsApplicantOf(user, dossier) || IsOfficialOfEitherAgency(user, dossier)) ? dossier : null;

    /// <summary>The dossier when the caller is an official of its competent agency, who add and sign its results; null otherwise.</summary>
    public async Task<DossierSummary?> OfOwnAgencyAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && IsOfficialOf(user, dossier.Agency) ? dossier : null;

    /// <summary>The dossier when the caller may verify its history: an official of its competent or receiving agency or a platform administrator; null otherwise.</summary>
    public async Task<DossierSummary?> VerifiableAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && (user.IsInRole(PlatformRoles.PlatformAdmin) || IsOfficialOfEitherAgency(user, dossier))
            ? dossier
            : null;

    /// <summary>
    /// Who may take each action: the applicant, a clerk, an official or a head of the dossier's competent agency; the
    /// receiving agency's clerk hands a dossier received for another over and returns its result (the applicant
    /// collects it where they handed it in); null for no one the caller is. Before the handover the competent agency
    /// does not start on a dossier received elsewhere.
    /// </summary>
    public static string? RoleFor(DossierAction action, ClaimsPrincipal user, DossierSummary dossier)
    {
        var applicant = IsApplicantOf(user, dossier);
        var official = IsOfficialOf(user, dossier.Agency);
        var clerk = user.IsInRole(PlatformRoles.OneStopClerk);
        var receiving = IsOfficialOf(user, dossier.ReceivingAgency ?? dossier.Agency);
        return action switch
        {
            DossierAction.Withdraw or DossierAction.ProvideSupplement when applicant => PlatformRoles.Citizen,
            DossierAction.HandOver when receiving && clerk && dossier.AwaitsHandover => PlatformRoles.OneStopClerk,
            DossierAction.ReturnResult when receiving && clerk => PlatformRoles.OneStopClerk,
            _ when DossierStateMachine.NeedsHandover(action) && dossier.AwaitsHandover => null,
            DossierAction.ProvideSupplement when official && clerk => PlatformRoles.OneStopClerk,
            DossierAction.Accept or DossierAction.Refuse or DossierAction.ConfirmPayment when official && clerk => PlatformRoles.OneStopClerk,
            DossierAction.StartProcessing or DossierAction.RequestSupplement or DossierAction.RequestPayment or DossierAction.StopProcessing
                when official => PlatformRoles.Official,
            DossierAction.Approve or DossierAction.ExtendDeadline or DossierAction.Assign when official && user.IsInRole(PlatformRoles.Head) => PlatformRoles.Head,
            _ => null,
        };
    }

    /// <summary>The caller is an official of the dossier's competent agency or of the agency that received it.</summary>
    public static bool IsOfficialOfEitherAgency(ClaimsPrincipal user, DossierSummary dossier) =>
        IsOfficialOf(user, dossier.Agency) || (dossier.ReceivingAgency is { } receiving && IsOfficialOf(user, receiving));

    /// <summary>The caller is a citizen whose personal ID is the dossier's applicant's.</summary>
    public static bool IsApplicantOf(ClaimsPrincipal user, DossierSummary dossier) =>
        user.IsInRole(PlatformRoles.Citizen) && user.FindFirstValue(KeycloakClaims.PersonalId) == dossier.ApplicantId;

    /// <summary>The caller is an official of <paramref name="agency"/>.</summary>
    public static bool IsOfficialOf(ClaimsPrincipal user, string agency) =>
        user.IsInRole(PlatformRoles.Official) && user.FindFirstValue(KeycloakClaims.Agency) == agency;

    /// <summary>The caller as the actor of what they record, in <paramref name="role"/>.</summary>
    public static Actor ActorOf(ClaimsPrincipal user, string role) =>
        new(user.FindFirstValue("sub") ?? user.Identity?.Name ?? "unknown", role, user.FindFirstValue(KeycloakClaims.Agency));

    /// <summary>The answer to a caller who may not see the dossier, the same as when it does not exist.</summary>
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "No dossier has this id.", detail: $"No dossier {id} is visible to you.", statusCode: StatusCodes.Status404NotFound);
}
