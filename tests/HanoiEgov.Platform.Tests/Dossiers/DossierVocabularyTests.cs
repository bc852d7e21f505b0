using HanoiEgov.Modules.Dossiers;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The one list of words for statuses and steps.</summary>
[Trait("Category", "Unit")]
public sealed class DossierVocabularyTests
{
    [Fact]
    public void Every_status_has_a_Vietnamese_and_an_English_name()
    {
        Assert.Equal(Enum.GetValues<DossierStatus>().Select(status => (int)status), DossierVocabulary.Statuses.Select(words => words.Code));
        Assert.All(DossierVocabulary.Statuses, words =>
        {
            Assert.False(string.IsNullOrWhiteSpace(words.Name), $"{words.Key} has no Vietnamese name");
            Assert.False(string.IsNullOrWhiteSpace(words.NameEn), $"{words.Key} has no English name");
            Assert.Equal(((DossierStatus)words.Code).ToString(), words.Key);
        });
    }

    [Fact]
    public void Every_step_has_a_Vietnamese_and_an_English_name()
    {
        Assert.Equal(Enum.GetNames<DossierAction>(), DossierVocabulary.Actions.Select(words => words.Key));
        Assert.All(DossierVocabulary.Actions, words =>
        {
            Assert.False(string.IsNullOrWhiteSpace(words.Name), $"{words.Key} has no Vietnamese name");
            Assert.False(string.IsNullOrWhiteSpace(words.NameEn), $"{words.Key} has no English name");
        });
        Assert.Equal(DossierVocabulary.Actions.Count, DossierVocabulary.Actions.Select(words => words.Name).Distinct().Count());
    }
}
