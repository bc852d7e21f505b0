using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>What the correction of a refused part can change, and what each part is sent with of it.</summary>
internal static class PartCorrections
{
    public const string Householder = "householderPersonalId";

    public const string Address = "address";

    public const string Survivors = "survivors";

    public const string WithdrawSurvivors = "withdrawSurvivors";

    /// <summary>The fields <paramref name="key"/>'s request takes from a correction; none: it is sent again as declared.</summary>
    public static IReadOnlyList<string> Takes(string key) => key switch
    {
        PartKeys.Residence => [Householder, Address],
        PartKeys.HealthInsurance => [Address],
        PartKeys.FuneralAllowance => [Survivors, WithdrawSurvivors],
        _ => [],
    };

    /// <summary>
    /// The fields of <see cref="Takes"/> as <paramref name="part"/>'s next attempt is sent them: the declaration's, or
    /// its last correction's in their place. The card is delivered where the residence part registers the child.
    /// </summary>
    public static PartCorrection SentWith(this InterlinkedSnapshot dossier, PartSnapshot part)
    {
        if (dossier.Declaration.Birth is { } birth)
        {
            var residence = dossier.Parts.FirstOrDefault(candidate => candidate.Key == PartKeys.Residence)?.Correction;
            var address = residence?.Address ?? birth.Address;
            return part.Key switch
            {
                PartKeys.Residence => new PartCorrection(residence?.HouseholderPersonalId ?? birth.HouseholderPersonalId, address),
                PartKeys.HealthInsurance => new PartCorrection(Address: part.Correction?.Address ?? address),
                _ => new PartCorrection(),
            };
        }

        return part.Key == PartKeys.FuneralAllowance
            ? new PartCorrection(Survivors: part.Correction?.SurvivorsWithdrawn == true ? null : part.Correction?.Survivors ?? dossier.Declaration.Death?.Survivors)
            : new PartCorrection();
    }
}
