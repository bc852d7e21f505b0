using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>
/// Who a head may assign a dossier to: an official (realm role <c>official</c>) of the dossier's own agency, other
/// than the one already assigned. Whether the dossier may still be assigned at all (it is not final) is the state
/// machine's rule; who may assign (a head of the agency) is the API's.
/// </summary>
internal static class DossierAssignment
{
    public const string Field = "assigneeId";

    /// <summary>Why <paramref name="assignee"/> cannot be given <paramref name="dossier"/>, or null when they can.</summary>
    public static DossierResult? Refusal(DossierSnapshot dossier, Official? assignee) => assignee switch
    {
        null => DossierResult.Invalid(Field, $"'{DossierAction.Assign}' needs the id of an official of agency {dossier.Agency} (GET /api/agencies/{dossier.Agency}/officials)."),
        _ when !assignee.Roles.Contains(PlatformRoles.Official) => DossierResult.Invalid(Field, $"{assignee.Name} ({assignee.Username}) is not an official; only officials are assigned dossiers."),
        _ when assignee.Agency != dossier.Agency => DossierResult.Invalid(
            Field, $"{assignee.Name} ({assignee.Username}) is an official of agency {assignee.Agency ?? "(none)"}, not of {dossier.Agency}, which handles this dossier."),
        _ when assignee.Id == dossier.AssigneeId => DossierResult.Conflict(Field, $"The dossier is already assigned to {assignee.Name}.", dossier),
        _ => null,
    };
}
