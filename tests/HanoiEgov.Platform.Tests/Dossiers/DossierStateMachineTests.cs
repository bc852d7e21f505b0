using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;

namespace HanoiEgov.Platform.Tests.Dossiers;

[Trait("Category", "Unit")]
public sealed class DossierStateMachineTests
{
    public static TheoryData<DossierStatus?, DossierAction, DossierStatus?, DossierStatus> AllowedTransitions
    {
        get
        {
            var data = new TheoryData<DossierStatus?, DossierAction, DossierStatus?, DossierStatus>();
            foreach (var (from, action, to) in DossierStateMachine.Allowed)
            {
                data.Add(from, action, PausedFrom(from, to), to);
            }

            return data;
        }
    }

    public static TheoryData<DossierStatus?, DossierAction> ForbiddenTransitions
    {
        get
        {
            var allowed = DossierStateMachine.Allowed.Select(transition => (transition.From, transition.Action)).ToHashSet();
            var data = new TheoryData<DossierStatus?, DossierAction>();
            foreach (var from in Enum.GetValues<DossierStatus>().Cast<DossierStatus?>().Append(null))
            {
                foreach (var action in Enum.GetValues<DossierAction>().Where(action => !allowed.Contains((from, action))))
                {
                    data.Add(from, action);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void An_allowed_transition_leads_to_the_national_status_the_rules_name(DossierStatus? from, DossierAction action, DossierStatus? pausedFrom, DossierStatus to) =>
        Assert.Equal(to, DossierStateMachine.Next(from, action, pausedFrom));

    [Theory]
    [MemberData(nameof(ForbiddenTransitions))]
    public void Every_other_transition_is_refused(DossierStatus? from, DossierAction action) =>
        Assert.Null(DossierStateMachine.Next(from, action, pausedFrom: DossierStatus.Processing));

    [Theory]
    [InlineData(DossierStatus.Refused)]
    [InlineData(DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.ProcessingStopped)]
    [InlineData(DossierStatus.ResultReturned)]
    public void A_final_status_allows_nothing_more(DossierStatus status) =>
        Assert.All(Enum.GetValues<DossierAction>(), action => Assert.Null(DossierStateMachine.Next(status, action, DossierStatus.Processing)));

    [Fact]
    public void Providing_a_supplement_returns_the_dossier_to_where_it_paused()
    {
        Assert.Equal(DossierStatus.NewlyRegistered, DossierStateMachine.Next(DossierStatus.SupplementRequested, DossierAction.ProvideSupplement, DossierStatus.NewlyRegistered));
        Assert.Equal(DossierStatus.Processing, DossierStateMachine.Next(DossierStatus.SupplementRequested, DossierAction.ProvideSupplement, DossierStatus.Processing));
    }

    private static DossierStatus? PausedFrom(DossierStatus? from, DossierStatus to) =>
        from is DossierStatus.SupplementRequested or DossierStatus.PaymentRequested ? to : null;
}
