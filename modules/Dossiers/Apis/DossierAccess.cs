using System.Security.Claims;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HanoiEgov.Modules.Dossiers.Apis;

/// <summary>
/// Who may see and act on a dossier. Its applicant (a citizen whose personal ID is the dossier's) and the officials of
/// its agency see it; its agency's officials alone handle its results; platform administrators verify its history
/// too. Anyone else is told the dossier does not exist (<see cref="NotFound"/>), so its id reveals nothing.
/// </summary>
internal sealed class DossierAccess(DossierQueries queries)
{
    /// <summary>The dossier when the caller is its applicant or an official of its agency; null otherwise.</summary>
    public async Task<DossierSummary?> VisibleAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && (IsApplicantOf(user, dossier) || IsOfficialOf(user, dossier.Agency)) ? dossier : null;

    /// <summary>The dossier when the caller is an official of its agency, who add and sign its results; null otherwise.</summary>
    public async Task<DossierSummary?> OfOwnAgencyAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && IsOfficialOf(user, dossier.Agency) ? dossier : null;

    /// <summary>The dossier when the caller may verify its history: an official of its agency or a platform administrator; null otherwise.</summary>
    public async Task<DossierSummary?> VerifiableAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } dossier && (user.IsInRole(PlatformRoles.PlatformAdmin) || IsOfficialOf(user, dossier.Agency))
            ? dossier
            : null;

    /// <summary>Who may take each action: the applicant, a clerk, an official or a head of the dossier's agency; null for no one the caller is.</summary>
    public static string? RoleFor(DossierAction action, ClaimsPrincipal user, DossierSummary dossier)
    {
        var applicant = IsApplicantOf(user, dossier);
        var official = IsOfficialOf(user, dossier.Agency);
        return action switch
        {
            DossierAction.Withdraw or DossierAction.ProvideSupplement when applicant => PlatformRoles.Citizen,
            DossierAction.ProvideSupplement when official && user.IsInRole(PlatformRoles.OneStopClerk) => PlatformRoles.OneStopClerk,
            DossierAction.Accept or DossierAction.Refuse or DossierAction.ReturnResult or DossierAction.ConfirmPayment
                when official && user.IsInRole(PlatformRoles.OneStopClerk) => PlatformRoles.OneStopClerk,
            DossierAction.StartProcessing or DossierAction.RequestSupplement or DossierAction.RequestPayment or DossierAction.StopProcessing
                when official => PlatformRoles.Official,
            DossierAction.Approve or DossierAction.ExtendDeadline or DossierAction.Assign when official && user.IsInRole(PlatformRoles.Head) => PlatformRoles.Head,
            _ => null,
        };
    }

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
